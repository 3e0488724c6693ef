package io.tally.adapter.out.duckdb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Writes batches through the DuckDB Appender into a staging table, then moves the rows not yet stored into
 * {@code events} with one {@code INSERT OR IGNORE} (the primary key on project and event id makes re-sent events
 * harmless). The whole batch is one transaction: it is stored entirely or not at all.
 */
final class DuckDbEventWriter implements EventStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final DuckDBConnection connection;
    private final BooleanSupplier available;

    DuckDbEventWriter(DuckDBConnection connection, BooleanSupplier available) {
        this.connection = connection;
        this.available = available;
    }

    @Override
    public synchronized long append(List<Event> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                appendToStaging(events);
                long added = statement.executeUpdate("INSERT OR IGNORE INTO events SELECT *, nextval('events_seq') FROM events_staging");
                statement.execute("DELETE FROM events_staging");
                connection.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("DuckDB could not store " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} while no batch is being written, so a rollup refresh sees every sequence number it reads. */
    synchronized <T> T betweenBatches(Callable<T> work) throws Exception {
        return work.call();
    }

    private void appendToStaging(List<Event> events) throws SQLException {
        Set<String> seen = new HashSet<>();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events_staging")) {
            for (Event event : events) {
                if (!seen.add(event.projectId() + '\u0000' + event.eventId())) {
                    continue; // the first of two copies in one batch wins, as in the store
                }
                appender.beginRow()
                        .append(event.projectId())
                        .append(event.eventId())
                        .append(event.userId())
                        .append(event.sessionId())
                        .append(event.eventType())
                        .append(LocalDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC))
                        .append(propertiesJson(event.properties()))
                        .append(event.userAgent())
                        .append(event.ipAddress())
                        .append(LocalDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC))
                        .endRow();
            }
        }
    }

    static String propertiesJson(Map<String, PropertyValue> properties) {
        Map<String, Object> plain = new LinkedHashMap<>();
        properties.forEach((key, value) -> plain.put(key, value.plain()));
        try {
            return JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    @Override
    public boolean isAvailable() {
        return available.getAsBoolean();
    }
}
