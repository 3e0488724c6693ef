package io.tally.domain.query;

import java.util.Objects;
import java.util.regex.Pattern;

/** A saved, named KPI: a formula over built-in metrics, kept as written and as parsed. */
public record Kpi(String name, String description, String expression, Formula<Metric> formula) {
    /** KPI (and cohort) names: lower case, digits and underscores, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public Kpi {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(formula, "formula");
        description = description == null ? "" : description;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a KPI name: " + name);
        }
    }
}
