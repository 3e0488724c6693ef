package io.tally.domain.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dimension values of one report row, in the order of the query's dimensions. A missing property is
 * {@code null}; a time bucket is its start instant in ISO-8601 UTC ({@code 2026-11-02T23:00:00Z}).
 */
public record Group(List<String> values) {
    public static final Group NONE = new Group(List.of());

    public Group {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public static Group of(String... values) {
        return new Group(java.util.Arrays.asList(values));
    }
}
