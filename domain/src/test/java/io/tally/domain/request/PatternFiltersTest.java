package io.tally.domain.request;

import io.tally.domain.query.Filter;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code matches} pattern a store would refuse is a violation of the request, at the value's own field. */
class PatternFiltersTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:00:00Z"), Definitions.NONE);

    private static Map<String, Object> report(List<String> patterns) {
        return Map.of("metrics", List.of("events"), "filters", List.of(List.of("matches", "prop:path", patterns)));
    }

    private static List<Violation> violations(Validated<?> parsed) {
        assertThat(parsed).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<?>) parsed).violations();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a++", "(?>a)", "\\p{javaLowerCase}", "\\Z", "(?<name>a)", "(a{1,40}){1,40}", "\\é"})
    void a_pattern_a_store_refuses_names_its_value(String pattern) {
        List<Violation> violations = violations(ReportRequest.parse(report(List.of("^/docs", pattern)), CONTEXT));
        assertThat(violations).extracting(Violation::field).containsExactly("filters[0][2][1]");
        assertThat(violations.getFirst().message()).isNotBlank();
    }

    @Test
    void patterns_of_funnel_steps_and_live_queries_are_named_where_they_are() {
        Map<String, Object> step = Map.of("event", "page_view", "filters", List.of(List.of("matches", "prop:path", List.of("a++"))));
        assertThat(violations(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "sign_up"), step)), CONTEXT)))
                .extracting(Violation::field).containsExactly("steps[1].filters[0][2][0]");
        assertThat(violations(LiveRequest.parse(report(List.of("(?>a)")), CONTEXT)))
                .extracting(Violation::field).containsExactly("filters[0][2][0]");
        assertThat(violations(LiveRequest.parseTail(Map.of("filters", List.of(List.of("matches", "prop:path", List.of("\\Z")))),
                CONTEXT))).extracting(Violation::field).containsExactly("filters[0][2][0]");
    }

    @Test
    void re2_patterns_java_would_refuse_are_accepted() {
        ReportQuery query = ((Validated.Valid<ReportQuery>) ReportRequest.parse(report(List.of("[[:alpha:]]", "(?P<x>a)\\z")),
                CONTEXT)).value();
        assertThat(((Filter.Match) query.filters().getFirst()).values()).containsExactly("[[:alpha:]]", "(?P<x>a)\\z");
    }

    @Test
    void the_patterns_of_one_query_are_bounded_together() {
        // (a{1,30}){1,30}$ compiles to about 1,860 instructions: two fit in the query's 4,000, the third does not
        String big = "(a{1,30}){1,30}$";
        assertThat(ReportRequest.parse(report(List.of(big, big)), CONTEXT)).isInstanceOf(Validated.Valid.class);
        List<Violation> violations = violations(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters", List.of(
                List.of("matches", "prop:path", List.of(big, big)), List.of("matches", "prop:title", List.of(big)))), CONTEXT));
        assertThat(violations).extracting(Violation::field).containsExactly("filters[1][2][0]");
        assertThat(violations.getFirst().kind()).isEqualTo(ViolationKind.TOO_LARGE);
    }

    @Test
    void the_unicode_classes_of_one_query_are_bounded_together() {
        // \p{L} spells out as about 2,200 characters: three fit in one pattern (8,192), seven in one query (16,384)
        List<String> three = List.of("\\pL\\pL\\pL");
        assertThat(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters", List.of(List.of("matches", "prop:a", three),
                List.of("matches", "prop:b", three), List.of("matches", "prop:c", List.of("\\pL")))), CONTEXT))
                .isInstanceOf(Validated.Valid.class);
        assertThat(violations(ReportRequest.parse(Map.of("metrics", List.of("events"), "filters", List.of(List.of("matches", "prop:a", three),
                List.of("matches", "prop:b", three), List.of("matches", "prop:c", List.of("\\pL\\pL")))), CONTEXT)))
                .extracting(Violation::field).containsExactly("filters[2][2][0]");
    }

    @Test
    void a_pattern_over_256_characters_is_too_long() {
        String pattern = String.join("", Collections.nCopies(257, "a"));
        assertThat(violations(ReportRequest.parse(report(List.of(pattern)), CONTEXT)))
                .extracting(Violation::kind).containsExactly(ViolationKind.TOO_LONG);
    }
}
