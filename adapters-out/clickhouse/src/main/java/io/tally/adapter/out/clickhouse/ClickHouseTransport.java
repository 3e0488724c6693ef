package io.tally.adapter.out.clickhouse;

import java.util.Map;

/**
 * How the adapter reaches ClickHouse: a server over HTTP ({@link ServerClickHouse}) or the engine in this process
 * ({@link EmbeddedClickHouse}). Everything above this interface is the same SQL for both.
 */
sealed interface ClickHouseTransport extends AutoCloseable permits EmbeddedClickHouse, ServerClickHouse {

    /**
     * Sent with every block: the token, and deduplication in the materialized views' tables too, or a retried
     * block dropped by {@code events} would still be counted again by the rollup.
     */
    static Map<String, String> deduplicationSettings(String token) {
        return Map.of("insert_deduplication_token", checkedToken(token),
                "deduplicate_blocks_in_dependent_materialized_views", "1");
    }

    /**
     * Runs one statement and returns its output in a ClickHouse text format ({@code TSV}, {@code TSVRaw},
     * {@code JSONEachRow}, {@code TSVWithNames}); empty for a statement without rows ({@code TSVWithNames} may then
     * hold its header alone).
     *
     * @param parameters values of the {@code {name:Type}} placeholders in {@code sql}, never spliced in by hand
     * @throws ClickHouseQueryException with ClickHouse's own message when the statement fails
     */
    String query(String sql, String format, Map<String, String> parameters);

    default String query(String sql, String format) {
        return query(sql, format, Map.of());
    }

    /**
     * Runs one query and returns its rows in the {@code RowBinary} format ({@link RowBinaryReader}): binary columns
     * such as sketches come back as their bytes, with no text to encode and decode.
     *
     * @throws ClickHouseQueryException with ClickHouse's own message when the query fails
     */
    byte[] queryRowBinary(String sql, Map<String, String> parameters);

    /**
     * The longest string parameter a lookup sends at once ({@link ClickHouseSql#STORED_IDS}, the collision check): a
     * longer list goes in several statements.
     */
    int lookupParameterChars();

    /**
     * Inserts one block of rows in the {@code RowBinary} format. A repeated insert of a block with the same token
     * is dropped by ClickHouse (insert deduplication), so retrying a batch that may have landed is safe.
     *
     * @param table one of the adapter's own tables, never a user value
     * @param deduplicationToken hex digits identifying the block's content
     */
    void insertRowBinary(String table, byte[] rows, String deduplicationToken);

    @Override
    void close();

    /** The token is hex because the embedded transport writes it into a SETTINGS clause. */
    private static String checkedToken(String token) {
        if (!token.matches("[0-9a-f]{16,64}")) {
            throw new IllegalArgumentException("a deduplication token is 16 to 64 hex digits, not " + token);
        }
        return token;
    }

    /** The table is one of ours; checked so a slip can never put anything else in the SQL. */
    static String checkedTable(String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not one of the adapter's tables: " + table);
        }
        return table;
    }
}
