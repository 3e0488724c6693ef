package io.tally.domain.query;

import io.tally.domain.Hostile;
import io.tally.domain.validation.Validated;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile formulas: the parser never throws and every refusal names the field it was given. */
class FormulaParserPropertyTest {

    @Provide
    Arbitrary<String> formulas() {
        Arbitrary<String> token = Arbitraries.of("visitors", "conversions", "revenue", "events", "kpi:cr", "(", ")", "+",
                "-", "*", "/", "%", "^", "1", "0", "0.5", "1e400", "-1", "  ", "((((((((((", "))", "/0", "sqrt(", ",", ".");
        return Arbitraries.oneOf(token.list().ofMaxSize(40).map(t -> String.join(" ", t)),
                token.list().ofMaxSize(300).map(t -> String.join("", t)), Hostile.text());
    }

    @Property(tries = 3000, seed = "18021")
    void a_formula_is_parsed_or_refused_by_name(@ForAll("formulas") String text) {
        if (FormulaParser.parse(text, "expression") instanceof Validated.Invalid<Formula<Metric>> invalid) {
            assertThat(invalid.violations()).allSatisfy(v -> assertThat(v.field()).startsWith("expression"));
        }
    }
}
