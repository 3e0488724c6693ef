package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.EventExpiry;
import io.tally.application.port.out.StoreException;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Deletes the events the retention no longer keeps and their rollup hours in one transaction, between two write
 * batches (the writer's lock, as the rollup refresh takes it): raw and rollup answers lose the same day together.
 */
final class DuckDbExpiry implements EventExpiry {

    private final DuckDBConnection root;
    private final DuckDbEventWriter writer;

    DuckDbExpiry(DuckDBConnection root, DuckDbEventWriter writer) {
        this.root = root;
        this.writer = writer;
    }

    @Override
    public long expireBefore(Instant horizon) {
        try {
            return writer.betweenBatches(() -> delete(horizon));
        } catch (Exception e) {
            throw new StoreException("deleting the events past the retention failed: " + e.getMessage(), e);
        }
    }

    private long delete(Instant horizon) throws SQLException {
        long micros = DuckDbAnalytics.micros(horizon);
        root.setAutoCommit(false);
        try (PreparedStatement events = root.prepareStatement("DELETE FROM events WHERE ts < make_timestamp(?)");
             PreparedStatement hours = root.prepareStatement("DELETE FROM rollup_hourly WHERE hour < make_timestamp(?)")) {
            events.setLong(1, micros);
            long deleted = events.executeUpdate();
            hours.setLong(1, micros);
            hours.executeUpdate();
            root.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            root.rollback();
            throw e;
        } finally {
            root.setAutoCommit(true);
        }
    }
}
