package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * {@code matches} patterns whose meaning differs between java.util.regex (or RE2/J's own tables, or ClickHouse's
 * {@code match} as it is) and RE2 as DuckDB runs it, on one event per value of the property {@code v} (project
 * {@value #PROJECT}). Each case names, by hand, the values it must select.
 */
public final class PatternCases {

    public static final String PROJECT = "patterns";
    private static final Instant T0 = Instant.parse("2026-09-07T09:00:00Z");
    public static final TimeRange RANGE = new TimeRange(T0, T0.plus(Duration.ofHours(1)));

    static final String KELVIN = "\u212A";
    static final String FORTY_A = "a".repeat(40);
    static final String FORTY_A_THEN_BANG = "a".repeat(40) + "!";
    static final List<String> VALUES = List.of(
            "abc\n",          // ends with a newline
            "a\nb", "a\rb",   // a newline, a carriage return
            ":", "k", KELVIN, "I",
            "\u000B",         // a vertical tab
            "caf", "café",
            "\u08A1",         // ARABIC LETTER BEH WITH HAMZA ABOVE, a letter since Unicode 7
            "\uD83E\uDD23",   // ROLLING ON THE FLOOR LAUGHING, a symbol since Unicode 9
            "\u1C80", "\u0432", // CYRILLIC SMALL LETTER ROUNDED VE (Unicode 9) and в: one letter in two forms
            "\u0130", "\u0131", // Turkish İ and ı: RE2 does not fold them with i
            FORTY_A, FORTY_A_THEN_BANG);

    private PatternCases() {
    }

    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            Instant at = T0.plusSeconds(i);
            events.add(new Event("pattern-" + i, PROJECT, "u" + i, "s" + i, "page_view", at,
                    Map.of("v", PropertyValue.of(VALUES.get(i))), "", "", at));
        }
        return events;
    }

    /** The query: events by value of {@code v}, where {@code v} matches the pattern. */
    public static AggregateQuery query(String pattern) {
        return new AggregateQuery(PROJECT, RANGE, ZoneId.of("UTC"), List.of(new Dimension.Property("v")),
                List.of(new Filter.Match(FilterOp.MATCHES, new Dimension.Property("v"), List.of(pattern))));
    }

    /** Pattern, the values it selects (worked out by hand), and what java.util.regex would have selected instead. */
    public static Stream<Arguments> cases() {
        return Stream.of(
                // $ is the end of the text, not also before a final newline
                argumentSet("$ without (?m)", "abc$", Set.of()),
                argumentSet("$ with (?m)", "(?m)abc$", Set.of("abc\n")),
                // . is any character but a newline: a carriage return is one (java.util.regex: neither; ClickHouse's match: both)
                argumentSet(". and line ends", "a.b", Set.of("a\rb")),
                argumentSet(". with (?s)", "(?s)a.b", Set.of("a\nb", "a\rb")),
                // POSIX classes exist (java.util.regex reads [[:alpha:]] as the characters [:alph])
                argumentSet("a POSIX class", "^[[:alpha:]]$", Set.of("k", "I")),
                // \s has no vertical tab (java.util.regex: it has)
                argumentSet("\\s", "^[\\s:]$", Set.of(":")),
                // case folding is Unicode's: k, K and the Kelvin sign (java.util.regex (?i): ASCII only)
                argumentSet("(?i) and the Kelvin sign", "(?i)^k$", Set.of("k", KELVIN)),
                argumentSet("(?i) leaves the Turkish i alone", "(?i)^i$", Set.of("I")),
                argumentSet("(?i) on a letter newer than RE2/J's tables", "(?i)^\u0432$", Set.of("\u1C80", "\u0432")),
                // Unicode classes of today's tables (RE2/J's own are Unicode 6.0)
                argumentSet("\\p{L}", "^\\p{L}$", Set.of("k", KELVIN, "I", "\u08A1", "\u1C80", "\u0432", "\u0130", "\u0131")),
                argumentSet("\\p{So}", "\\p{So}", Set.of("\uD83E\uDD23")),
                // a repetition of a character outside ASCII (ClickHouse's match as it is: caf no longer matches)
                argumentSet("é?", "^café?$", Set.of("caf", "café")),
                argumentSet("named group", "^(?P<word>caf)", Set.of("caf", "café")),
                // linear time: java.util.regex takes minutes on the forty a's and a !
                argumentSet("(a{1,30}){1,30}$", "(a{1,30}){1,30}$", Set.of(FORTY_A)));
    }
}
