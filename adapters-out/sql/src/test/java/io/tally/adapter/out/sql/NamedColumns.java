package io.tally.adapter.out.sql;

import java.util.HashMap;
import java.util.Map;

/**
 * A row of named columns for the readers' tests, as a store hands them over: NULL where a name maps to null, and an
 * error naming the column for a name the row lacks (as {@code NamedTsv} and DuckDB's rows answer).
 */
record NamedColumns(Map<String, String> columns) implements ResultRow {

    /** A row of the given names and values, in pairs; a null value is SQL NULL. */
    static NamedColumns of(String... namesAndValues) {
        Map<String, String> columns = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new NamedColumns(columns);
    }

    @Override
    public String text(String column) {
        if (!columns.containsKey(column)) {
            throw new IllegalArgumentException("no column " + column + " in the answer, only " + columns.keySet());
        }
        return columns.get(column);
    }
}
