package io.tally.domain.query;

import java.util.Locale;
import java.util.Optional;

/**
 * How a filter compares a dimension's value. Text comparisons are case-sensitive; {@code is_not} also keeps
 * events without the value; {@code matches} takes a regular expression found anywhere in the value
 * (RE2, as DuckDB and ClickHouse run it: {@link FilterPattern}); {@code gt}/{@code lt} compare numeric
 * properties only.
 */
public enum FilterOp {
    IS, IS_NOT, CONTAINS, MATCHES, GT, LT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FilterOp> fromLabel(String label) {
        for (FilterOp op : values()) {
            if (op.label().equals(label)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
