package io.tally.adapter.out.sql;

import java.math.BigDecimal;

/**
 * One row of a statement's answer, its columns read by name: each store implements it over its own result (DuckDB's
 * rows, ClickHouse's TSV with a header), so one reader builds the answer for both and no column is found by position.
 */
public interface ResultRow {

    /** The column's value as text, or null when it is SQL NULL. */
    String text(String column);

    /** The column's value as a whole number (never NULL). */
    default long whole(String column) {
        return Long.parseLong(text(column));
    }

    /** The column's value as an exact decimal (never NULL). */
    default BigDecimal decimal(String column) {
        return new BigDecimal(text(column));
    }
}
