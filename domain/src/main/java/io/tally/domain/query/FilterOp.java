package io.tally.domain.query;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/**
 * How a filter compares a dimension's value. Text comparisons are case-sensitive; {@code is_not} also keeps
 * events without the value; {@code matches} takes a regular expression found anywhere in the value
 * (RE2, as DuckDB and ClickHouse run it: {@link FilterPattern}); {@code gt}/{@code lt} compare numeric
 * properties only.
 */
public enum FilterOp implements Labelled {
    IS, IS_NOT, CONTAINS, MATCHES, GT, LT;

    public static Optional<FilterOp> fromLabel(String label) {
        return Labels.find(FilterOp.class, label);
    }
}
