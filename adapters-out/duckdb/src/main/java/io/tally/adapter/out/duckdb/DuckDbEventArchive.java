package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventBatches;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.time.TimeRange;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Streams stored events back out in (project, time, event id) order, so a copy into another store is sent in time
 * order. Properties are the kept JSON (read from its text, so numbers stay exact) and the promoted columns
 * ({@link EventColumns#properties}).
 */
final class DuckDbEventArchive implements EventArchive {

    private final DuckDBConnection root;
    private final Supplier<Instant> horizon;

    /** @param horizon the first instant the retention keeps now: nothing before it is read back */
    DuckDbEventArchive(DuckDBConnection root, Supplier<Instant> horizon) {
        this.root = root;
        this.horizon = horizon;
    }

    private static final String COLUMNS = """
            SELECT project_id, event_id, user_id, session_id, event_type, epoch_ms(ts), CAST(properties AS VARCHAR),
                   user_agent, ip_address, epoch_ms(received_at), %s
            FROM events WHERE ts >= make_timestamp(?)""".formatted(String.join(", ", EventColumns.PROMOTED_KEYS));
    private static final int FIRST_PROMOTED = 11;

    @Override
    public long scan(int batchSize, Consumer<List<Event>> batches) {
        try (Connection connection = root.duplicate();
             PreparedStatement statement = connection.prepareStatement(COLUMNS + " ORDER BY project_id, ts, event_id")) {
            statement.setLong(1, DuckDbAnalytics.micros(horizon.get()));
            return read(statement, batchSize, batches);
        } catch (SQLException e) {
            throw new StoreException("reading events back from DuckDB failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches) {
        try (Connection connection = root.duplicate(); PreparedStatement statement = connection.prepareStatement(COLUMNS
                + " AND project_id = ? AND ts >= make_timestamp(?) AND ts < make_timestamp(?) ORDER BY ts, event_id")) {
            statement.setLong(1, DuckDbAnalytics.micros(horizon.get()));
            statement.setString(2, projectId);
            statement.setLong(3, DuckDbAnalytics.micros(range.from()));
            statement.setLong(4, DuckDbAnalytics.micros(range.to()));
            return read(statement, batchSize, batches);
        } catch (SQLException e) {
            throw new StoreException("reading events back from DuckDB failed: " + e.getMessage(), e);
        }
    }

    private static long read(PreparedStatement statement, int batchSize, Consumer<List<Event>> batches) throws SQLException {
        EventBatches out = new EventBatches(batchSize, batches);
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                List<String> promoted = new ArrayList<>(EventColumns.PROMOTED_KEYS.size());
                for (int i = 0; i < EventColumns.PROMOTED_KEYS.size(); i++) {
                    promoted.add(rows.getString(FIRST_PROMOTED + i));
                }
                out.add(new Event(rows.getString(2), rows.getString(1), rows.getString(3), rows.getString(4),
                        rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)),
                        EventColumns.properties(PropertiesJson.read(rows.getString(7)), promoted),
                        rows.getString(8), rows.getString(9), Instant.ofEpochMilli(rows.getLong(10))));
            }
            return out.finish();
        }
    }
}
