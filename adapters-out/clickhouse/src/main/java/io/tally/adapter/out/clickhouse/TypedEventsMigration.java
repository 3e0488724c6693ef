package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.EventColumns;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Migration 10's statements: the events copied into the typed layout in SQL, swapped in by {@code EXCHANGE TABLES},
 * the views re-created on the new table (a view is not trusted to follow a rename), the id hashes kept, and the old
 * table dropped. Frozen with the migration.
 * <p>
 * Each value is what the queries read before: a promoted column is {@link ClickHouseExpressions#propertyText} of its
 * key, revenue is {@link ClickHouseExpressions#revenue()}. The properties keep their JSON text but for the promoted
 * keys whose value is text; they are cut out of the text itself (ClickHouse's JSON functions read numbers through a
 * double, so rebuilding the JSON from them would change numbers).
 */
final class TypedEventsMigration {

    /** The new table's name before the exchange, and the old one's after it. */
    static final String SWAP = "events_v10";

    /**
     * One top-level {@code "key":value} pair of the JSON the adapter writes (flat, no spaces, values strings, numbers
     * or flags): a quote right after {@code {} or a comma opens a key, never a string's inside.
     */
    private static final String PAIR = "[{,](\"(?:[^\"\\\\]|\\\\.)*\"):(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]*)";

    private TypedEventsMigration() {
    }

    static List<String> statements() {
        String hashUser = hash("user_id");
        String hashSession = hash("session_id");
        // rows another node wrote to the old table after the copy (before the exchange made its inserts fail): already
        // folded by the old views, so copied before the new views exist; looked for among recent arrivals only
        String recent = "received_at >= (SELECT max(received_at) FROM events) - INTERVAL 1 HOUR";
        return List.of(
                ClickHouseSql.CREATE_TYPED_EVENTS.formatted(SWAP),
                "INSERT INTO " + SWAP + " (" + ClickHouseSql.TYPED_COLUMNS + ") " + typedRows() + " FROM events FINAL",
                "EXCHANGE TABLES events AND " + SWAP,
                "DROP VIEW IF EXISTS rollup_hourly_mv",
                "DROP VIEW IF EXISTS event_ids_mv",
                "INSERT INTO events (" + ClickHouseSql.TYPED_COLUMNS + ") " + typedRows() + " FROM " + SWAP + " FINAL WHERE "
                        + recent + " AND (project_id, event_id) NOT IN (SELECT project_id, event_id FROM events WHERE " + recent + ")",
                ClickHouseSql.CREATE_EVENT_IDS_MV,
                ClickHouseSql.CREATE_ROLLUP_MV,
                ClickHouseSql.CREATE_ID_HASHES,
                ClickHouseSql.CREATE_HASH_COLLISIONS,
                "INSERT INTO id_hashes SELECT project_id, " + ClickHouseSql.USER + ", " + hashUser + ", user_id, max(ts) FROM events"
                        + " GROUP BY project_id, user_id",
                "INSERT INTO id_hashes SELECT project_id, " + ClickHouseSql.SESSION + ", " + hashSession + ", session_id, max(ts) FROM events"
                        + " GROUP BY project_id, session_id",
                "INSERT INTO hash_collisions SELECT project_id, kind, h, max(ts) FROM id_hashes GROUP BY project_id, kind, h"
                        + " HAVING uniqExact(id) > 1",
                "DROP TABLE " + SWAP);
    }

    /** IdHash in SQL. */
    static String hash(String column) {
        return "reinterpretAsUInt64(substring(MD5(" + column + "), 1, 8))";
    }

    /** The typed columns, in table order, computed from a table of the old layout. */
    private static String typedRows() {
        String promoted = EventColumns.PROMOTED_KEYS.stream()
                .map(key -> ClickHouseExpressions.propertyText("'" + key + "'")) // keys of ours: plain words
                .collect(Collectors.joining(", "));
        return "SELECT project_id, ts, event_type, " + hash("user_id") + ", " + hash("session_id") + ", event_id, user_id, session_id, "
                + promoted + ", " + ClickHouseExpressions.revenue() + ", " + rest() + ", user_agent, ip_address, received_at";
    }

    /** The properties' JSON text without the promoted keys whose value is text (now in their columns). */
    private static String rest() {
        String promotedKeys = EventColumns.PROMOTED_KEYS.stream().map(key -> "'\"" + key + "\"'")
                .collect(Collectors.joining(", ", "[", "]"));
        // cut exactly where propertyText reads a string (JSONType 'String'): JSON that ClickHouse cannot parse (a number
        // of a thousand digits, stored before ingest bounded them) gives NULL columns, so it keeps every pair
        return "concat('{', arrayStringConcat(arrayMap(p -> concat(p[1], ':', p[2]), arrayFilter(p -> NOT (has("
                + promotedKeys + ", p[1]) AND JSONType(properties, trim(BOTH '\"' FROM p[1])) = 'String'), "
                + "extractAllGroups(properties, " + literal(PAIR) + "))), ','), '}')";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
