package io.tally.adapter.out.duckdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventBatches;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.time.TimeRange;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Streams stored events back out in store order; properties are read from their JSON text, so numbers stay exact. */
final class DuckDbEventArchive implements EventArchive {

    // numbers of any length: ingest bounds them now, but one stored before (1e1000 written out in full) must still
    // come back, or every export and live view over its day would fail
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() {
    };

    private final DuckDBConnection root;
    private final Supplier<Instant> horizon;

    /** @param horizon the first instant the retention keeps now: nothing before it is read back */
    DuckDbEventArchive(DuckDBConnection root, Supplier<Instant> horizon) {
        this.root = root;
        this.horizon = horizon;
    }

    private static final String COLUMNS = """
            SELECT project_id, event_id, user_id, session_id, event_type, epoch_ms(ts), CAST(properties AS VARCHAR),
                   user_agent, ip_address, epoch_ms(received_at)
            FROM events WHERE ts >= make_timestamp(?)""";

    @Override
    public long scan(int batchSize, Consumer<List<Event>> batches) {
        try (Connection connection = root.duplicate();
             PreparedStatement statement = connection.prepareStatement(COLUMNS + " ORDER BY coalesce(seq, 0), project_id, event_id")) {
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
                out.add(new Event(rows.getString(2), rows.getString(1), rows.getString(3), rows.getString(4),
                        rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)), properties(rows.getString(7)),
                        rows.getString(8), rows.getString(9), Instant.ofEpochMilli(rows.getLong(10))));
            }
            return out.finish();
        }
    }

    private static Map<String, PropertyValue> properties(String json) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        try {
            Map<String, Object> plain = JSON.readValue(json, PLAIN);
            plain.forEach((key, value) -> PropertyValue.fromPlain(value).ifPresent(v -> properties.put(key, v)));
        } catch (IOException e) {
            throw new StoreException("a stored event's properties are not JSON: " + e.getMessage(), e);
        }
        return properties;
    }
}
