package io.tally.domain.query;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormulaParserTest {

    private static final Map<Metric, Number> VALUES = Map.of(Metric.CONVERSIONS, 30L, Metric.VISITORS, 120L,
            Metric.REVENUE, new BigDecimal("99.50"), Metric.SESSIONS, 0L);

    private static Formula<Metric> parse(String text) {
        return switch (FormulaParser.parse(text, "expression")) {
            case Validated.Valid<Formula<Metric>> valid -> valid.value();
            case Validated.Invalid<Formula<Metric>> invalid -> throw new AssertionError(invalid.violations());
        };
    }

    private static Double evaluate(String text) {
        return parse(text).evaluate(VALUES::get);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conversions / visitors * 100 | 25.0",
            "conversions + visitors * 2    | 270.0",
            "(conversions + visitors) * 2  | 300.0",
            "-conversions + 40             | 10.0",
            "revenue / 2                   | 49.75",
            "1.5 * 2 - -1                  | 4.0",
            "visitors / conversions / 2    | 2.0"})
    void computes_with_the_usual_precedence(String formula, double expected) {
        assertThat(evaluate(formula)).isEqualTo(expected);
    }

    @Test
    void division_by_zero_is_null_not_an_error() {
        assertThat(evaluate("conversions / sessions")).isNull();
        assertThat(evaluate("1 + conversions / (visitors - 120)")).isNull();
    }

    @Test
    void a_metric_undefined_in_a_row_makes_the_value_null() {
        assertThat(parse("bounce_rate * 2").evaluate(metric -> null)).isNull();
    }

    @Test
    void knows_the_metrics_it_reads() {
        assertThat(parse("conversions / visitors * 100").variables()).containsExactly(Metric.CONVERSIONS, Metric.VISITORS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "conversions / customers | UNSUPPORTED | unknown metric 'customers' at position 15",
            "conversions /           | MALFORMED   | ends where",
            "(visitors               | MALFORMED   | missing ')'",
            "visitors; DROP TABLE x  | MALFORMED   | unexpected ';'",
            "1..2                    | MALFORMED   | malformed number",
            "kpi:other               | UNSUPPORTED | unknown metric 'kpi'"})
    void refuses_what_is_not_a_formula(String formula, ViolationKind kind, String message) {
        Validated<Formula<Metric>> result = FormulaParser.parse(formula, "expression");
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        Violation violation = ((Validated.Invalid<Formula<Metric>>) result).violations().getFirst();
        assertThat(violation.field()).isEqualTo("expression");
        assertThat(violation.kind()).isEqualTo(kind);
        assertThat(violation.message()).contains(message);
    }

    @Test
    void refuses_deep_nesting_and_long_text() {
        assertThat(FormulaParser.parse("(".repeat(30) + "1" + ")".repeat(30), "e")).isInstanceOf(Validated.Invalid.class);
        assertThat(FormulaParser.parse("1+".repeat(300) + "1", "e")).isInstanceOf(Validated.Invalid.class);
    }
}
