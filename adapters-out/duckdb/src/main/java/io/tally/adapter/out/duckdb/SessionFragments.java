package io.tally.adapter.out.duckdb;

import io.tally.domain.event.EventColumns;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Metric;
import io.tally.domain.time.TimeZones;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sessions kept per hour ({@code session_fragments}, migrations 6, 7 and 11): per project, UTC hour and session
 * hash, the fragment's first event as its {@code entry_*} columns (ts, event id, event type and every promoted column:
 * the first event by (ts, event id) with its values, a NULL one included), its last event's id and path as
 * {@code exit_*} (the last event by (ts, event id), at {@code last_ts}), its events and page views. Merging the
 * fragments of whole hours gives the session clipped to those hours exactly. The writer folds in the rows it just
 * added; late events simply add a fragment, which {@link #compact} later merges. Entries and exits are ordered as
 * structs at run time but stored as plain columns: DuckDB 1.5.6 crashed the process committing a compaction that
 * deleted and re-inserted struct rows over many uncheckpointed appends (migration 11).
 */
final class SessionFragments {

    /** The event values an entry carries beside its time and id: the event type and every promoted column. */
    private static final List<String> ENTRY_VALUES = Stream.concat(Stream.of("event_type"), EventColumns.PROMOTED_KEYS.stream()).toList();

    /** The entry struct of an event row: (ts, event_id) decide the order, the rest is carried along. */
    static final String ENTRY = "struct_pack(ts := ts, event_id := event_id, "
            + String.join(", ", ENTRY_VALUES.stream().map(k -> k + " := " + k).toList()) + ")";

    /** The exit struct of an event row: (ts, event_id) decide the order, the path is carried along. */
    static final String EXIT = "struct_pack(ts := ts, event_id := event_id, path := path)";

    /** The entry struct of a stored fragment, ordered as {@link #ENTRY}. */
    private static final String STORED_ENTRY = "struct_pack(ts := entry_ts, event_id := entry_event_id, "
            + String.join(", ", ENTRY_VALUES.stream().map(k -> k + " := " + entryColumn(k)).toList()) + ")";

    /** The exit struct of a stored fragment, ordered as {@link #EXIT}: its time is the fragment's last. */
    private static final String STORED_EXIT = "struct_pack(ts := last_ts, event_id := exit_event_id, path := exit_path)";

    /**
     * A fragment's columns in the order of the table migration 11 made, from {@code e} (an entry struct), {@code x} (an
     * exit struct) and the columns {@code project_id, hour, session_h, last_ts, events, pageviews, seq}.
     */
    private static final String COLUMNS_OF_STRUCTS = "project_id, hour, session_h, e.ts, e.event_id, "
            + String.join(", ", ENTRY_VALUES.stream().map(k -> "e." + k).toList())
            + ", last_ts, x.event_id, x.path, events, pageviews, seq";

    private static String entryColumn(String value) {
        return "entry_" + value;
    }

    static final List<String> CREATE_STATE = List.of(
            "CREATE TABLE session_fragments_state (compacted BIGINT NOT NULL)",
            "INSERT INTO session_fragments_state VALUES (-1)");

    /** Fragments of the events rows matching {@code condition}. */
    static String fragmentsOf(String condition) {
        return """
                INSERT INTO session_fragments
                SELECT %s FROM (
                    SELECT project_id, date_trunc('hour', ts) AS hour, session_h, min(%s) AS e, max(%s) AS x, max(ts) AS last_ts,
                           count(*) AS events, count(*) FILTER (WHERE event_type = '%s') AS pageviews, coalesce(max(seq), 0) AS seq
                    FROM events WHERE %s
                    GROUP BY project_id, date_trunc('hour', ts), session_h)""".formatted(COLUMNS_OF_STRUCTS, ENTRY, EXIT,
                Metric.PAGE_VIEW_EVENT, condition);
    }

    private SessionFragments() {
    }

    /** The entry's values other than its time that the query's dimensions read: names from the code's lists only. */
    private static List<String> entryFields(AggregateQuery query) {
        List<String> fields = new ArrayList<>();
        for (Dimension dimension : query.dimensions()) {
            String field = switch (dimension) {
                case Dimension.Time time -> null;
                case Dimension.EventType type -> "event_type";
                case Dimension.Property property -> DuckDbExpressions.column(property.key()).orElseThrow();
                case Dimension.EntryPage entry ->
                        throw new IllegalArgumentException("sessions by entry_page are read from the events (SourcePlanner)");
                case Dimension.VisitOrigin origin ->
                        throw new IllegalArgumentException("sessions by " + origin.label() + " are read from the events (SourcePlanner)");
                case Dimension.ExitPage exit -> null; // the exit's, not the entry's
                case Dimension.Goal goal -> throw new IllegalArgumentException("sessions by goal are read from the events (SourcePlanner)");
            };
            if (field != null && !fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    /**
     * Columns {@code d0…dn}, {@code totals} and the four session facts: the fragments of the range's whole hours (and
     * the retention's, {@code :horizon_us}, bound by the caller) merged per session hash, each session grouped by its
     * entry's dimensions, as {@link DuckDbQueries#aggregate} groups it by its first event, and by its exit page: the
     * path of the greatest exit of its fragments.
     */
    static DuckDbQueries.Statement query(AggregateQuery query) {
        SqlParams params = new SqlParams();
        params.put("project", query.projectId());
        params.put("zone", TimeZones.storeName(query.zone()));
        List<String> keyColumns = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            // a session's start lies in the range's whole hours: where the zone keeps one offset over them, buckets are
            // plain arithmetic instead of two ICU conversions per session (about half the read at 10 M events)
            keyColumns.add(DuckDbExpressions.dimension(query.dimensions().get(i), params, query.zone(), Optional.of(query.range()))
                    + " AS d" + i);
            keys.add("d" + i);
        }
        keyColumns.add("0 AS g");
        keys.add("g");
        String keyList = String.join(", ", keys);
        String groupBy = query.totalsBesideGroups() ? "GROUPING SETS ((" + keyList + "), ())" : keyList;
        String totals = query.totalsBesideGroups() ? "grouping(g)" : "0";
        // only the entry values the dimensions read are carried through the grouping: the whole struct costs 5 times more
        List<String> fields = entryFields(query);
        String first = fields.isEmpty() ? ""
                : ", arg_min(struct_pack(" + String.join(", ", fields.stream().map(f -> f + " := " + entryColumn(f)).toList())
                  + "), struct_pack(t := entry_ts, i := entry_event_id)) AS first";
        String firstColumns = String.join("", fields.stream().map(f -> ", first." + f + " AS " + f).toList());
        boolean byExit = query.dimensions().stream().anyMatch(d -> d instanceof Dimension.ExitPage);
        String exit = byExit ? ", max(" + STORED_EXIT + ").path AS " + DuckDbExpressions.EXIT_PAGE : "";
        String exitColumn = byExit ? ", " + DuckDbExpressions.EXIT_PAGE : "";
        String sql = """
                WITH merged AS (
                    SELECT min(entry_ts) AS ts%s%s, max(last_ts) AS last_ts, sum(events) AS events, sum(pageviews) AS pageviews
                    FROM session_fragments
                    WHERE project_id = :project AND hour >= make_timestamp(:horizon_us)
                      AND hour >= make_timestamp(%s) AND hour < make_timestamp(%s)
                    GROUP BY session_h
                ),
                entries AS (SELECT ts%s%s, last_ts, events, pageviews FROM merged),
                keyed AS (SELECT %s, events, pageviews, epoch_ms(last_ts) - epoch_ms(ts) AS span_ms FROM entries)
                SELECT %s, %s AS totals, count(*) AS sessions, count(*) FILTER (WHERE events = 1) AS bounces,
                       CAST(coalesce(sum(span_ms), 0) AS BIGINT) AS session_ms,
                       CAST(coalesce(sum(pageviews), 0) AS BIGINT) AS session_pageviews
                FROM keyed GROUP BY %s HAVING count(*) > 0
                """.formatted(first, exit, params.bind(DuckDbAnalytics.micros(query.range().from())),
                params.bind(DuckDbAnalytics.micros(query.range().to())), firstColumns, exitColumn, String.join(", ", keyColumns),
                keyList, totals, groupBy);
        return new DuckDbQueries.Statement(sql, params);
    }

    /** Folds the rows stored after {@code seq} (those the writer's insert just added), inside the writer's transaction. */
    static void fold(Connection connection, long seq) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(fragmentsOf("seq > ?"))) {
            insert.setLong(1, seq);
            insert.executeUpdate();
        }
    }

    /**
     * Merges the fragments of each (project, hour, session) that got one since the last compaction into one, so a read
     * groups about one row per session and hour. Every other session of the hour has one fragment already: grouping,
     * deleting and inserting only the touched sessions keeps that part of a refresh with the new fragments, not with
     * the hour (live traffic puts millions of events into the current hour); finding them still scans the table's
     * seq and keys. Runs in the caller's transaction, beside the writer's.
     */
    static void compact(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("""
                    CREATE OR REPLACE TEMP TABLE merged_fragments AS
                    WITH touched AS (
                        SELECT DISTINCT project_id, hour, session_h FROM session_fragments
                        WHERE seq > (SELECT compacted FROM session_fragments_state)
                    )
                    SELECT %s FROM (
                        SELECT f.project_id, f.hour, f.session_h, min(%s) AS e, max(%s) AS x, max(f.last_ts) AS last_ts,
                               sum(f.events)::BIGINT AS events, sum(f.pageviews)::BIGINT AS pageviews, max(f.seq) AS seq
                        FROM session_fragments f SEMI JOIN touched t
                            ON t.project_id = f.project_id AND t.hour = f.hour AND t.session_h = f.session_h
                        GROUP BY f.project_id, f.hour, f.session_h HAVING count(*) > 1)""".formatted(COLUMNS_OF_STRUCTS,
                    STORED_ENTRY, STORED_EXIT));
            sql.execute("""
                    DELETE FROM session_fragments f WHERE EXISTS (SELECT 1 FROM merged_fragments m
                        WHERE m.project_id = f.project_id AND m.hour = f.hour AND m.session_h = f.session_h)""");
            sql.execute("INSERT INTO session_fragments SELECT * FROM merged_fragments");
            sql.execute("DROP TABLE merged_fragments");
            sql.execute("UPDATE session_fragments_state SET compacted = greatest(compacted, (SELECT coalesce(max(seq), -1) FROM session_fragments))");
        }
    }
}
