package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Kpi;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.time.Granularity;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.tally.domain.request.Verdicts.invalid;
import static io.tally.domain.request.Verdicts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A trend body: its series and their letters, formulas over them, a breakdown with its limit; each refusal names its field. */
class TrendRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, Definitions.NONE);

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static final List<Object> TWO = List.of(Map.of("event", "page_view"),
            Map.of("event", "sign_up", "metric", "visitors", "filters", List.of(List.of("is", "country", List.of("DE")))));

    @Test
    void defaults_are_events_by_day_over_the_last_30_days_in_utc() {
        TrendQuery query = valid(TrendRequest.parse(body("series", List.of(Map.of())), CONTEXT));
        assertThat(query.series()).containsExactly(new TrendSeries(EventCriteria.anyEvent(), new MetricRef.Builtin(Metric.EVENTS)));
        assertThat(query.interval()).isEqualTo(Granularity.DAY);
        assertThat(query.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(query.range().to()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(query.range().from()).isEqualTo(Instant.parse("2026-10-30T00:00:00Z"));
        assertThat(query.breakdown()).isEmpty();
        assertThat(query.formulas()).isEmpty();
        assertThat(query.compare()).isEmpty();
        assertThat(valid(TrendRequest.parse(body("series", List.of(Map.of()), "compare", "previous_year"), CONTEXT)).compare())
                .contains(Compare.PREVIOUS_YEAR);
    }

    @Test
    void reads_series_formulas_and_a_breakdown() {
        TrendQuery query = valid(TrendRequest.parse(body("series", TWO, "formulas", List.of(Map.of("expression", "B / A * 100"),
                Map.of("expression", "A - B", "name", "gap")), "interval", "week", "breakdown", "prop:plan", "breakdown_limit", 5,
                "timezone", "Europe/Berlin", "filters", List.of(List.of("is_not", "device", List.of("bot")))), CONTEXT));
        assertThat(query.series()).extracting(s -> s.event().eventType(), s -> s.metric().label(), s -> s.event().filters().size())
                .containsExactly(tuple(Optional.of("page_view"), "events", 0), tuple(Optional.of("sign_up"), "visitors", 1));
        assertThat(query.formulas()).extracting(f -> f.name(), f -> f.formula().variables())
                .containsExactly(tuple("B / A * 100", Set.of(1, 0)), tuple("gap", Set.of(0, 1)));
        assertThat(query.breakdown()).contains(new Dimension.Property("plan"));
        assertThat(query.breakdownLimit()).isEqualTo(5);
        assertThat(query.interval()).isEqualTo(Granularity.WEEK);
        assertThat(query.filters()).containsExactly(new Filter.Match(FilterOp.IS_NOT, new Dimension.Property("device"), List.of("bot")));
    }

    @Test
    void a_breakdown_may_name_up_to_three_different_dimensions_in_an_array() {
        TrendQuery query = valid(TrendRequest.parse(body("series", TWO, "breakdown", List.of("country", "prop:plan")), CONTEXT));
        assertThat(query.breakdown()).containsExactly(new Dimension.Property("country"), new Dimension.Property("plan"));
        assertThat(query.periods(0).dimensions()).hasSize(3);
        assertThat(valid(TrendRequest.parse(body("series", TWO, "breakdown", List.of("channel")), CONTEXT)).breakdown()).hasSize(1);
        assertThat(fields(body("series", TWO, "breakdown", List.of()))).containsExactly(tuple("breakdown", ViolationKind.MISSING));
        assertThat(fields(body("series", TWO, "breakdown", List.of("country", "device", "os", "browser"))))
                .containsExactly(tuple("breakdown", ViolationKind.TOO_MANY));
        assertThat(fields(body("series", TWO, "breakdown", List.of("country", "country"))))
                .containsExactly(tuple("breakdown[1]", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "breakdown", List.of("country", "time:day"))))
                .containsExactly(tuple("breakdown[1]", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "breakdown", List.of("colour", 3))))
                .containsExactly(tuple("breakdown[0]", ViolationKind.UNSUPPORTED), tuple("breakdown[1]", ViolationKind.WRONG_TYPE));
        assertThat(fields(body("series", TWO, "breakdown", Map.of("dimension", "country"))))
                .containsExactly(tuple("breakdown", ViolationKind.WRONG_TYPE));
    }

    @Test
    void a_series_may_count_a_saved_kpi() {
        Formula<Metric> formula = ((Validated.Valid<Formula<Metric>>) FormulaParser.parse("revenue / visitors", "e")).value();
        Kpi arpu = new Kpi("arpu", "", "revenue / visitors", formula);
        Definitions definitions = new Definitions() {
            @Override
            public Optional<Kpi> kpi(String name) {
                return name.equals("arpu") ? Optional.of(arpu) : Optional.empty();
            }

            @Override
            public Optional<CohortDefinition> cohort(String name) {
                return Optional.empty();
            }
        };
        TrendQuery query = valid(TrendRequest.parse(body("series", List.of(Map.of("metric", "kpi:arpu"))),
                new RequestContext("default", NOW, definitions)));
        assertThat(query.series().getFirst().metric()).isEqualTo(new MetricRef.KpiRef(arpu));
    }

    @Test
    void refusals_name_their_fields() {
        List<Object> eleven = new ArrayList<>(Collections.nCopies(11, Map.of()));
        assertThat(fields(body())).containsExactly(tuple("series", ViolationKind.MISSING));
        assertThat(fields(body("series", List.of()))).containsExactly(tuple("series", ViolationKind.MISSING));
        assertThat(fields(body("series", eleven))).containsExactly(tuple("series", ViolationKind.TOO_MANY));
        assertThat(fields(body("series", List.of(Map.of("metric", "clicks"))))).containsExactly(tuple("series[0].metric", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", List.of(Map.of("metric", "kpi:none"))))).containsExactly(tuple("series[0].metric", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", List.of(Map.of("event", "sign\tup")))))
                .extracting(t -> t.toList().getFirst()).containsExactly("series[0].event");
        assertThat(fields(body("series", List.of(Map.of("colour", "red"))))).containsExactly(tuple("series[0].colour", ViolationKind.UNKNOWN_FIELD));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("expression", "C / A")))))
                .containsExactly(tuple("formulas[0].expression", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("expression", "visitors / A")))))
                .containsExactly(tuple("formulas[0].expression", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("expression", "A /")))))
                .containsExactly(tuple("formulas[0].expression", ViolationKind.MALFORMED));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("name", "x")))))
                .containsExactly(tuple("formulas[0].expression", ViolationKind.MISSING));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("expression", "A", "name", "B")))))
                .containsExactly(tuple("formulas[0].name", ViolationKind.MALFORMED));
        assertThat(fields(body("series", TWO, "formulas", List.of(Map.of("expression", "A + B"), Map.of("expression", "A + B")))))
                .containsExactly(tuple("formulas[1].expression", ViolationKind.MALFORMED));
        assertThat(fields(body("series", TWO, "formulas", Collections.nCopies(6, Map.of("expression", "A")))))
                .containsExactly(tuple("formulas", ViolationKind.TOO_MANY));
        assertThat(fields(body("series", TWO, "breakdown", "time:day"))).containsExactly(tuple("breakdown", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "breakdown", "colour"))).containsExactly(tuple("breakdown", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "breakdown_limit", 3))).containsExactly(tuple("breakdown_limit", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "breakdown", "country", "breakdown_limit", 101)))
                .containsExactly(tuple("breakdown_limit", ViolationKind.OUT_OF_RANGE));
        assertThat(fields(body("series", TWO, "interval", "fortnight"))).containsExactly(tuple("interval", ViolationKind.UNSUPPORTED));
        assertThat(fields(body("series", TWO, "compare", "last_week"))).containsExactly(tuple("compare", ViolationKind.UNSUPPORTED));
    }

    @Test
    void an_answer_of_more_than_a_hundred_thousand_values_is_refused() {
        // 30 days by minute: 43,200 periods, 2 lines: 86,400 values, accepted; with a formula, 129,600: refused
        Map<String, Object> minutes = body("series", TWO, "interval", "minute", "date_range", "last_30d");
        assertThat(TrendRequest.parse(minutes, CONTEXT)).isInstanceOf(Validated.Valid.class);
        minutes.put("formulas", List.of(Map.of("expression", "A + B")));
        assertThat(fields(minutes)).containsExactly(tuple("interval", ViolationKind.TOO_MANY));
        // 30 days by day and 100 values for each of 2 series: 6,000 values, accepted
        assertThat(TrendRequest.parse(body("series", TWO, "breakdown", "country", "breakdown_limit", 100), CONTEXT))
                .isInstanceOf(Validated.Valid.class);
    }

    private static List<Tuple> fields(Map<String, Object> body) {
        return invalid(TrendRequest.parse(body, CONTEXT)).stream().map((Violation v) -> tuple(v.field(), v.kind())).toList();
    }
}
