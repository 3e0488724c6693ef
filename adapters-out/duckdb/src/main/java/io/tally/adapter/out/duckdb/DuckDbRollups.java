package io.tally.adapter.out.duckdb;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.tally.application.port.out.RollupStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.KeptSketch;
import io.tally.domain.query.Metric;
import io.tally.domain.query.SketchSpan;
import io.tally.domain.query.SketchedVisitors;
import io.tally.domain.query.Source;
import io.tally.domain.time.TimeZones;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The hourly rollup: events and revenue per project, UTC hour and event type, with a watermark on the store
 * sequence. A refresh adds the events stored after the watermark (additively, so late events for old hours are
 * simply added) and moves the watermark in the same transaction, on a connection of its own beside the writer: its
 * snapshot holds whole batches only, and a batch committed later is numbered above every seq it saw (one writer
 * numbers them in order), so the watermark never passes an event it did not fold. A query reads the
 * rollup plus the raw events after the watermark, so it is exact at any moment. The refresh also compacts the
 * sessions kept per hour ({@link SessionFragments}) and the visitor sketches ({@link VisitorSketchTable}), which the
 * writer keeps current itself, and checks the folded rows' ids for shared hashes ({@link IdHashes}).
 */
final class DuckDbRollups implements RollupStore {

    private final DuckDBConnection root;
    private final Maintenance maintenance;
    private final DbClient db;
    private final Supplier<Instant> horizon;
    private final HashCollisions collisions;
    private final DuckDbAnalytics raw;
    private final RecentLogCheckpoint checkpoint;

    /** @param horizon the first instant the retention keeps now (a UTC midnight, so whole rollup hours either side) */
    DuckDbRollups(DuckDBConnection root, Maintenance maintenance, DbClient db, Supplier<Instant> horizon,
                  HashCollisions collisions, DuckDbAnalytics raw, RecentLogCheckpoint checkpoint) {
        this.root = root;
        this.maintenance = maintenance;
        this.db = db;
        this.horizon = horizon;
        this.collisions = collisions;
        this.raw = raw;
        this.checkpoint = checkpoint;
    }

    @Override
    public Set<Source> sources() {
        return EnumSet.of(Source.ROLLUP, Source.SESSIONS, Source.SKETCH);
    }

    /**
     * The estimated visitors from the sketches of the range's whole hours and days (and the retention's), of the event
     * types the filters keep, unioned by {@link SketchedVisitors}; the hours of the days it reads whole are left unread,
     * and the days it cannot use. The writer keeps them current, so no watermark applies.
     */
    @Override
    public Map<Group, Aggregates> visitors(AggregateQuery query) {
        List<KeptSketch> sketches = new ArrayList<>();
        Instant kept = horizon.get();
        try (Connection connection = root.duplicate(); var select = connection.prepareStatement("""
                SELECT epoch_ms(hour), hours, event_type, sketch FROM visitor_sketches
                WHERE project_id = ? AND hour >= make_timestamp(?) AND hour >= make_timestamp(?) AND hour < make_timestamp(?)
                  AND CASE WHEN hours = 24 THEN ? OR list_contains(CAST(? AS BIGINT[]), epoch_ms(hour) // 86400000)
                           ELSE NOT list_contains(CAST(? AS BIGINT[]), epoch_ms(hour) // 86400000) END""")) {
            String daysReadWhole = SketchedVisitors.daysReadWhole(query, kept).toString();
            select.setString(1, query.projectId());
            select.setLong(2, DuckDbAnalytics.micros(kept));
            select.setLong(3, DuckDbAnalytics.micros(query.range().from()));
            select.setLong(4, DuckDbAnalytics.micros(query.range().to()));
            select.setBoolean(5, SketchedVisitors.readsEveryWholeDay(query));
            select.setString(6, daysReadWhole);
            select.setString(7, daysReadWhole);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    sketches.add(new KeptSketch(Instant.ofEpochMilli(rows.getLong(1)), SketchSpan.ofHours(rows.getInt(2)),
                            rows.getString(3), rows.getBytes(4)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("DuckDB visitor sketch query failed: " + e.getMessage(), e);
        }
        return SketchedVisitors.count(query, sketches);
    }

    /**
     * The session facts from the fragments of the range's whole hours, merged per session hash. A project with two
     * session ids under one hash (or a query the planner would not admit) is counted from raw events instead.
     */
    @Override
    public Map<Group, Aggregates> sessions(AggregateQuery query) {
        if (!fromFragments(query)) {
            return sessionFactsOnly(raw.aggregate(new AggregateQuery(query.projectId(), query.range(), query.zone(),
                    query.dimensions(), query.filters(), EnumSet.of(Aggregates.Part.SESSIONS), query.totals(),
                    query.engagement())));
        }
        DuckDbQueries.Statement statement = SessionFragments.query(query);
        statement.params().put("horizon_us", DuckDbAnalytics.micros(horizon.get()));
        Map<Group, Aggregates> result = new HashMap<>();
        try (Stream<DbRow> rows = db.execute().createQuery(statement.sql()).params(statement.params().values()).execute()) {
            rows.forEach(row -> {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < query.dimensions().size(); i++) {
                    values.add(row.column("d" + i).get(Object.class));
                }
                Group group = longOf(row, "totals") == 1 ? Group.NONE : Group.fromRow(query.dimensions(), values);
                result.put(group, sessionFacts(longOf(row, "sessions"), longOf(row, "bounces"),
                        longOf(row, "session_ms"), longOf(row, "session_pageviews")));
            });
        } catch (RuntimeException e) {
            throw new StoreException("DuckDB sessions query failed: " + e.getMessage(), e);
        }
        return result;
    }

    /** Whether the fragments give the query's sessions exactly: hashes without collisions, whole hours, no filters. */
    private boolean fromFragments(AggregateQuery query) {
        boolean hashed = collisions.columns(query.projectId()).session().equals(IdColumns.HASHED.session());
        boolean promoted = query.dimensions().stream().allMatch(d -> !(d instanceof Dimension.Property p)
                || DuckDbExpressions.column(p.key()).isPresent());
        return hashed && promoted && query.filters().isEmpty()
                && wholeHour(query.range().from()) && wholeHour(query.range().to());
    }

    private static boolean wholeHour(Instant instant) {
        return instant.getEpochSecond() % 3600 == 0 && instant.getNano() == 0;
    }

    private static Map<Group, Aggregates> sessionFactsOnly(Map<Group, Aggregates> answer) {
        Map<Group, Aggregates> result = new HashMap<>();
        answer.forEach((group, a) -> {
            if (a.sessions() > 0) {
                result.put(group, sessionFacts(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews()));
            }
        });
        return result;
    }

    private static Aggregates sessionFacts(long sessions, long bounces, long millis, long pageviews) {
        return new Aggregates(0, 0, sessions, 0, bounces, millis, pageviews, 0, 0, BigDecimal.ZERO);
    }

    private static long longOf(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }

    @Override
    public long refresh() {
        try {
            // not between batches: a refresh takes seconds at millions of events, and ingestion must not stall for it
            return maintenance.exclusively(() -> {
                long folded;
                try (DuckDBConnection own = (DuckDBConnection) root.duplicate()) {
                    folded = fold(own, collisions);
                }
                checkpoint.run();
                return folded;
            });
        } catch (Exception e) {
            throw new StoreException("refreshing the rollup failed: " + e.getMessage(), e);
        }
    }

    private static long fold(DuckDBConnection connection, HashCollisions collisions) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            long from;
            long to;
            try (var rs = statement.executeQuery("SELECT (SELECT watermark FROM rollup_state), coalesce(max(seq), 0) FROM events")) {
                rs.next();
                from = rs.getLong(1);
                to = rs.getLong(2);
            }
            if (to <= from) {
                connection.commit();
                return 0;
            }
            IdHashes.record(connection, from, to, collisions);
            SessionFragments.compact(connection);
            VisitorSketchTable.compact(connection);
            long folded;
            try (var count = connection.prepareStatement("SELECT count(*) FROM events WHERE seq > ? AND seq <= ?")) {
                count.setLong(1, from);
                count.setLong(2, to);
                try (var rs = count.executeQuery()) {
                    rs.next();
                    folded = rs.getLong(1);
                }
            }
            try (var insert = connection.prepareStatement("""
                    INSERT INTO rollup_hourly
                    SELECT project_id, date_trunc('hour', ts), event_type, count(*), coalesce(sum(%s), 0)
                    FROM events WHERE seq > ? AND seq <= ?
                    GROUP BY ALL
                    ON CONFLICT DO UPDATE SET events = events + excluded.events, revenue = revenue + excluded.revenue"""
                    .formatted(DuckDbExpressions.revenue()))) {
                insert.setLong(1, from);
                insert.setLong(2, to);
                insert.executeUpdate();
            }
            try (var mark = connection.prepareStatement("UPDATE rollup_state SET watermark = ?")) {
                mark.setLong(1, to);
                mark.executeUpdate();
            }
            connection.commit();
            return folded;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public Map<Group, Aggregates> aggregate(AggregateQuery query) {
        SqlParams params = new SqlParams();
        params.put("project", query.projectId());
        params.put("horizon_us", DuckDbAnalytics.micros(horizon.get()));
        params.put("zone", TimeZones.storeName(query.zone()));
        params.put("page_view", Metric.PAGE_VIEW_EVENT);
        params.put("conversion", Metric.CONVERSION_EVENT);
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            // the rollup's hours lie in the range: where the zone keeps one offset over it, buckets are plain arithmetic
            keys.add(DuckDbExpressions.dimension(query.dimensions().get(i), params, query.zone(), Optional.of(query.range())) + " AS d" + i);
            names.add("d" + i);
        }
        keys.add("0 AS g");
        names.add("g");
        String keyList = String.join(", ", names);
        // as the raw engine: the totals are the empty grouping set's row of the same pass, marked by grouping(g)
        String groupBy = query.totalsBesideGroups() ? "GROUPING SETS ((" + keyList + "), ())" : keyList;
        String totals = query.totalsBesideGroups() ? "grouping(g)" : "0";
        String filters = DuckDbExpressions.filters(query.filters(), params,
                collisions.columns(query.projectId()));
        String rollupRange = "hour >= make_timestamp(" + params.bind(DuckDbAnalytics.micros(query.range().from()))
                + ") AND hour < make_timestamp(" + params.bind(DuckDbAnalytics.micros(query.range().to())) + ")";
        String sql = """
                WITH parts AS (
                    SELECT hour AS ts, event_type, events AS n, revenue FROM rollup_hourly
                    WHERE project_id = :project AND hour >= make_timestamp(:horizon_us) AND %s
                    UNION ALL
                    SELECT ts, event_type, 1, %s FROM events
                    WHERE project_id = :project AND %s AND %s AND seq > (SELECT watermark FROM rollup_state)
                ),
                keyed AS (SELECT %s, event_type, n, revenue FROM parts WHERE %s)
                SELECT %s, %s AS totals, CAST(sum(n) AS BIGINT) AS events,
                       CAST(coalesce(sum(n) FILTER (WHERE event_type = :page_view), 0) AS BIGINT) AS pageviews,
                       CAST(coalesce(sum(n) FILTER (WHERE event_type = :conversion), 0) AS BIGINT) AS conversions,
                       CAST(coalesce(sum(revenue), 0) AS DECIMAL(38, 6)) AS revenue
                FROM keyed
                GROUP BY %s HAVING count(*) > 0
                """.formatted(rollupRange, DuckDbExpressions.revenue(), DuckDbExpressions.KEPT, DuckDbExpressions.range(query.range(), params),
                String.join(", ", keys), filters, keyList, totals, groupBy);
        Map<Group, Aggregates> result = new HashMap<>();
        try (Stream<DbRow> rows = db.execute().createQuery(sql).params(params.values()).execute()) {
            rows.forEach(row -> {
                List<Object> raw = new ArrayList<>();
                for (int i = 0; i < query.dimensions().size(); i++) {
                    raw.add(row.column("d" + i).get(Object.class));
                }
                long events = ((Number) row.column("events").get()).longValue();
                Group group = ((Number) row.column("totals").get()).longValue() == 1 ? Group.NONE : Group.fromRow(query.dimensions(), raw);
                result.put(group, new Aggregates(events, 0, 0,
                        ((Number) row.column("pageviews").get()).longValue(), 0, 0, 0,
                        ((Number) row.column("conversions").get()).longValue(), 0, (BigDecimal) row.column("revenue").get()));
            });
        } catch (RuntimeException e) {
            throw new StoreException("DuckDB rollup query failed: " + e.getMessage(), e);
        }
        return result;
    }
}
