package io.tally.domain.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * The group of an engine's row: {@code raw.get(i)} is the value of {@code dimensions.get(i)}, a time bucket as its
     * start in epoch milliseconds (a number or its text), anything else as text; null stays null.
     */
    public static Group fromRow(List<Dimension> dimensions, List<?> raw) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            Object value = raw.get(i);
            values.add(value == null ? null : dimensions.get(i) instanceof Dimension.Time
                    ? Instant.ofEpochMilli(Long.parseLong(value.toString())).toString() : value.toString());
        }
        return new Group(values);
    }

    public static Group of(String... values) {
        return new Group(Arrays.asList(values));
    }
}
