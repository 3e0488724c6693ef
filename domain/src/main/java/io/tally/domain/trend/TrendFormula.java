package io.tally.domain.trend;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Formula;

import java.util.Objects;

/**
 * A formula across a trend's series, such as {@code B / A * 100}: its variables are the series' positions (A is 0).
 * {@code name} labels its line; it is the expression itself unless one was given.
 */
public record TrendFormula(String name, String expression, Formula<Integer> formula) implements CacheKey.Keyed {
    public TrendFormula {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(formula, "formula");
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("formula", name, expression);
    }
}
