package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.params.provider.Arguments;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Text that SQL quoting, parameter encodings and output escaping get wrong (project {@value #PROJECT}): quotes,
 * backslashes, {@code \N}, control characters, LIKE wildcards, SQL and placeholder look-alikes, accents, CJK and
 * emoji (no NUL: the stores cannot keep it). Each value is an event type, a property value and part of an event, user
 * and session id, so every place a value travels to a store and back is crossed. Expected answers are counted over
 * {@link #events()} with plain Java string operations, never by an engine.
 */
public final class HostileValues {

    public static final String PROJECT = "values";
    /** A Monday, 09:00 UTC: the singles' day; the walker walks on the next two days. */
    public static final Instant T0 = Instant.parse("2026-09-14T09:00:00Z");

    /** All distinct, none empty (an event type never is), none holding NUL (refused at ingest). */
    public static final List<String> VALUES = List.of(
            "it's", "'", "''", "\"quoted\"", "\"", "/back\\slash", "/back\\\\slash", "back\\", "\\'", "\\",
            "/\\N", "\\N", "N", "tab\there", "new\nline", "cr\rlf\n", "\u0001\u001f control", "\b\f",
            "100%", "100x", "a_b", "axb", "%_%", "x'); DROP TABLE events; --", "{p0:String}", "? and :name",
            "$1 [x] (y) {z} ^a|b$ .*+?", "é à ü ß", "中文 日本語", "😀 emoji 🎉", "  padded  ");

    /** A type and property value that no hostile value equals, for events the filters must tell apart. */
    public static final String PLAIN = "plain";

    private HostileValues() {
    }

    /**
     * One event per value by its own user ({@code v} = the value, {@code n} = its index), two plain events
     * without {@code v}, and a walker who does every value in order on each of the next two days.
     */
    public static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            String value = VALUES.get(i);
            events.add(event("e:" + value, "u:" + value, "s:" + value, value, T0.plus(Duration.ofMinutes(i)),
                    Map.of("v", PropertyValue.of(value), "n", PropertyValue.of(BigDecimal.valueOf(i)))));
        }
        events.add(event("plain-1", "plain-user-1", "plain-1", PLAIN, T0, Map.of("k", PropertyValue.of("x"))));
        events.add(event("plain-2", "plain-user-2", "plain-2", PLAIN, T0, Map.of()));
        for (int day = 1; day <= 2; day++) {
            for (int i = 0; i < VALUES.size(); i++) {
                String value = VALUES.get(i);
                events.add(event("walk-" + day + ":" + value, "walker", "walk-" + day, value,
                        T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(i)), Map.of("v", PropertyValue.of(value))));
            }
        }
        return events;
    }

    /** How many of {@link #events()} pass: the independent count the engines' answers are held to. */
    public static long count(Predicate<Event> passes) {
        return events().stream().filter(passes).count();
    }

    /** The property {@code v} as text, null when absent. */
    public static String v(Event event) {
        return event.properties().get("v") instanceof PropertyValue.Text text ? text.value() : null;
    }

    /** {@code value} as a regular expression matching itself literally, the same in RE2 and java.util.regex. */
    public static String literalPattern(String value) {
        StringBuilder pattern = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    private static final Dimension TYPE = new Dimension.EventType();
    private static final Dimension V = new Dimension.Property("v");
    private static final Dimension N = new Dimension.Property("n");

    private static Arguments filterCase(String name, FilterOp op,
                                                                         Dimension dimension,
                                                                         List<String> values, Predicate<Event> passes) {
        return Arguments.argumentSet(name,
                new Filter.Match(op, dimension, values), count(passes));
    }

    /** Every operator on the event type and on a property, each with every value; the count of passing events. */
    public static Stream<Arguments> filterCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String value : VALUES) {
            String shown = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r").replace("\b", "\\b")
                    .replace("\f", "\\f").replace("\u0001", "\\u0001").replace("\u001f", "\\u001f");
            Predicate<Event> hasV = e -> v(e) != null;
            cases.add(filterCase("is type " + shown, FilterOp.IS, TYPE, List.of(value),
                    e -> e.eventType().equals(value)));
            cases.add(filterCase("is v " + shown, FilterOp.IS, V, List.of(value),
                    hasV.and(e -> v(e).equals(value))));
            cases.add(filterCase("is_not type " + shown, FilterOp.IS_NOT, TYPE, List.of(value),
                    e -> !e.eventType().equals(value)));
            cases.add(filterCase("is_not v " + shown, FilterOp.IS_NOT, V, List.of(value),
                    e -> v(e) == null || !v(e).equals(value)));
            cases.add(filterCase("contains type " + shown, FilterOp.CONTAINS, TYPE, List.of(value),
                    e -> e.eventType().contains(value)));
            cases.add(filterCase("contains v " + shown, FilterOp.CONTAINS, V, List.of(value),
                    hasV.and(e -> v(e).contains(value))));
            cases.add(filterCase("matches type " + shown, FilterOp.MATCHES, TYPE,
                    List.of(literalPattern(value)), e -> e.eventType().contains(value)));
            cases.add(filterCase("matches v " + shown, FilterOp.MATCHES, V,
                    List.of(literalPattern(value)), hasV.and(e -> v(e).contains(value))));
        }
        cases.add(filterCase("is type, every value at once", FilterOp.IS, TYPE, VALUES,
                e -> !e.eventType().equals(PLAIN)));
        cases.add(filterCase("is_not v, every value at once", FilterOp.IS_NOT, V, VALUES,
                e -> v(e) == null));
        // LIKE wildcards are literal: % and _ match only themselves
        cases.add(filterCase("contains %", FilterOp.CONTAINS, V, List.of("%"),
                e -> v(e) != null && v(e).contains("%")));
        cases.add(filterCase("contains _", FilterOp.CONTAINS, TYPE, List.of("_"),
                e -> e.eventType().contains("_")));
        cases.add(filterCase("contains 0% or a_", FilterOp.CONTAINS, V, List.of("0%", "a_"),
                e -> v(e) != null && (v(e).contains("0%") || v(e).contains("a_"))));
        // patterns written by hand, with the events they mean counted by plain string tests
        cases.add(filterCase("matches ^it's$", FilterOp.MATCHES, V, List.of("^it's$"),
                e -> "it's".equals(v(e))));
        cases.add(filterCase("matches one backslash", FilterOp.MATCHES, TYPE, List.of("\\\\"),
                e -> e.eventType().contains("\\")));
        cases.add(filterCase("matches a backslash then N, whole", FilterOp.MATCHES, V, List.of("^\\\\N$"),
                e -> "\\N".equals(v(e))));
        cases.add(filterCase("matches a tab or a newline", FilterOp.MATCHES, TYPE, List.of("\\t|\\n"),
                e -> e.eventType().contains("\t") || e.eventType().contains("\n")));
        cases.add(filterCase("matches a quote", FilterOp.MATCHES, V, List.of("['\"]"),
                e -> v(e) != null && (v(e).contains("'") || v(e).contains("\""))));
        cases.add(filterCase("matches an accent or an emoji", FilterOp.MATCHES, TYPE, List.of("ü|🎉"),
                e -> e.eventType().contains("ü") || e.eventType().contains("🎉")));
        // gt and lt take one number (the request refuses text there); the singles carry n = their index
        cases.add(filterCase("gt n -0.5", FilterOp.GT, N, List.of("-0.5"), e -> e.properties().containsKey("n")));
        cases.add(filterCase("lt n 10", FilterOp.LT, N, List.of("10"),
                e -> e.properties().get("n") instanceof PropertyValue.Numeric n && n.value().intValue() < 10));
        return cases.stream();
    }

    /**
     * Reports a rollup answers (event-type filters, by day): each value kept and left out, with the events expected
     * by an independent count. The rollups store event types, so they must compare them as exactly as raw events.
     */
    public static Map<AggregateQuery, Long> rollupCases() {
        Map<AggregateQuery, Long> cases = new LinkedHashMap<>();
        TimeRange range = new TimeRange(T0.minus(Duration.ofHours(9)),
                T0.plus(Duration.ofDays(3)));
        List<Dimension> byDay = List.of(new Dimension.Time(Granularity.DAY));
        for (String value : VALUES) {
            cases.put(new AggregateQuery(PROJECT, range, ZoneId.of("UTC"), byDay,
                    List.of(new Filter.Match(FilterOp.IS, TYPE, List.of(value)))), count(e -> e.eventType().equals(value)));
            cases.put(new AggregateQuery(PROJECT, range, ZoneId.of("UTC"), byDay,
                    List.of(new Filter.Match(FilterOp.IS_NOT, TYPE, List.of(value)))), count(e -> !e.eventType().equals(value)));
        }
        return cases;
    }

    private static Event event(String id, String user, String session, String type, Instant at, Map<String, PropertyValue> properties) {
        return new Event(id, PROJECT, user, session, type, at, properties, "", "", at);
    }
}
