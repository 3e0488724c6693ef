package io.tally.adapter.out.clickhouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.EventBatches;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.time.TimeRange;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads stored events back (duplicates not yet merged removed with {@code FINAL}), as JSON rows whose properties
 * are the JSON text they were written as, so numbers stay exact, joined by the promoted columns
 * ({@link EventColumns#properties}). In time order per project. Each call reads its whole selection at once.
 */
final class ClickHouseEventArchive implements EventArchive {

    // numbers of any length: ingest bounds them now, but one stored before (1e1000 written out in full) must still
    // come back, or every export and live view over its day would fail
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            SELECT project_id, event_id, user_id, session_id, event_type, toUnixTimestamp64Milli(ts) AS ts_ms, properties,
                   %s, user_agent, ip_address, toUnixTimestamp64Milli(received_at) AS received_ms
            FROM events FINAL
            WHERE ts >= fromUnixTimestamp64Milli({horizon_ms:Int64}, 'UTC')""".formatted(String.join(", ", EventColumns.PROMOTED_KEYS));

    private final ClickHouseTransport clickhouse;
    private final Supplier<Instant> horizon;

    /** @param horizon the first instant the retention keeps now: nothing before it is read back */
    ClickHouseEventArchive(ClickHouseTransport clickhouse, Supplier<Instant> horizon) {
        this.clickhouse = clickhouse;
        this.horizon = horizon;
    }

    @Override
    public long scan(int batchSize, Consumer<List<Event>> batches) {
        return read(COLUMNS + " ORDER BY project_id, ts, event_id", Map.of("horizon_ms", horizonMillis()), batchSize, batches);
    }

    private String horizonMillis() {
        return Long.toString(horizon.get().toEpochMilli());
    }

    @Override
    public long scan(String projectId, TimeRange range, int batchSize, Consumer<List<Event>> batches) {
        return read(COLUMNS + "\n" + """
                 AND project_id = {project:String}
                   AND ts >= fromUnixTimestamp64Milli({from_ms:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to_ms:Int64}, 'UTC')
                 ORDER BY ts, event_id""", Map.of("horizon_ms", horizonMillis(), "project", projectId, "from_ms", Long.toString(range.from().toEpochMilli()),
                "to_ms", Long.toString(range.to().toEpochMilli())), batchSize, batches);
    }

    private long read(String sql, Map<String, String> parameters, int batchSize, Consumer<List<Event>> batches) {
        String rows;
        try {
            rows = clickhouse.query(sql, "JSONEachRow", parameters);
        } catch (RuntimeException e) {
            throw new StoreException("reading events back from ClickHouse failed: " + e.getMessage(), e);
        }
        EventBatches out = new EventBatches(batchSize, batches);
        rows.lines().filter(line -> !line.isBlank()).forEach(line -> out.add(event(line)));
        return out.finish();
    }

    private static Event event(String line) {
        try {
            JsonNode row = JSON.readTree(line);
            return new Event(row.get("event_id").asText(), row.get("project_id").asText(), row.get("user_id").asText(),
                    row.get("session_id").asText(), row.get("event_type").asText(),
                    Instant.ofEpochMilli(row.get("ts_ms").asLong()), properties(row),
                    row.get("user_agent").asText(), row.get("ip_address").asText(),
                    Instant.ofEpochMilli(row.get("received_ms").asLong()));
        } catch (IOException e) {
            throw new StoreException("a stored ClickHouse row is not readable: " + e.getMessage(), e);
        }
    }

    /** The kept properties and the promoted columns, put back together. */
    private static Map<String, PropertyValue> properties(JsonNode row) throws IOException {
        Map<String, PropertyValue> rest = new LinkedHashMap<>();
        Map<String, Object> plain = JSON.readValue(row.get("properties").asText(), PLAIN);
        plain.forEach((key, value) -> PropertyValue.fromPlain(value).ifPresent(v -> rest.put(key, v)));
        List<String> promoted = new ArrayList<>(EventColumns.PROMOTED_KEYS.size());
        for (String key : EventColumns.PROMOTED_KEYS) {
            JsonNode value = row.get(key);
            promoted.add(value == null || value.isNull() ? null : value.asText());
        }
        return EventColumns.properties(rest, promoted);
    }
}
