package io.tally.domain.query;

import java.util.Objects;

/** Sorting by one column of the answer (a metric's or a dimension's label). */
public record OrderBy(String column, boolean descending) implements CacheKey.Keyed {
    public OrderBy {
        Objects.requireNonNull(column, "column");
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("order", column, descending);
    }
}
