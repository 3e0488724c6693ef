package io.tally.adapter.out.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Inserts batches as one NDJSON parameter. Events already stored are left out before the insert, so the
 * count of new events is exact and ReplacingMergeTree only has to collapse concurrent re-sends.
 */
final class ClickHouseEventWriter implements EventStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final EmbeddedClickHouse clickhouse;

    ClickHouseEventWriter(EmbeddedClickHouse clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public synchronized long append(List<Event> events) {
        try {
            Set<String> seen = new HashSet<>();
            List<Event> fresh = new ArrayList<>();
            Map<String, List<Event>> byProject = events.stream()
                    .collect(Collectors.groupingBy(Event::projectId, LinkedHashMap::new, Collectors.toList()));
            for (var project : byProject.entrySet()) {
                Set<String> stored = storedIds(project.getKey(), project.getValue());
                for (Event event : project.getValue()) {
                    if (!stored.contains(event.eventId()) && seen.add(event.projectId() + '\u0000' + event.eventId())) {
                        fresh.add(event);
                    }
                }
            }
            if (!fresh.isEmpty()) {
                StringBuilder rows = new StringBuilder();
                for (Event event : fresh) {
                    rows.append(JSON.writeValueAsString(row(event))).append('\n');
                }
                clickhouse.query(ClickHouseSql.INSERT_EVENTS, "TSV", Map.of("rows", rows.toString()));
            }
            return fresh.size();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("ClickHouse could not store " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    private Set<String> storedIds(String project, List<Event> events) throws JsonProcessingException {
        List<String> days = events.stream().map(e -> e.timestamp().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString())
                .distinct().toList();
        String answer = clickhouse.query(ClickHouseSql.STORED_IDS, "TSV", Map.of("project", project,
                "days", ClickHouseLiterals.stringArray(days),
                "ids", ClickHouseLiterals.stringArray(events.stream().map(Event::eventId).toList())));
        return answer.isEmpty() ? Set.of() : Set.copyOf(answer.lines().map(ClickHouseLiterals::unescapeTsv).toList());
    }

    private static Map<String, Object> row(Event event) throws JsonProcessingException {
        Map<String, Object> properties = new LinkedHashMap<>();
        event.properties().forEach((key, value) -> properties.put(key, value.plain()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("project_id", event.projectId());
        row.put("event_id", event.eventId());
        row.put("user_id", event.userId());
        row.put("session_id", event.sessionId());
        row.put("event_type", event.eventType());
        row.put("ts_ms", event.timestamp().toEpochMilli());
        row.put("properties", JSON.writeValueAsString(properties));
        row.put("user_agent", event.userAgent());
        row.put("ip_address", event.ipAddress());
        row.put("received_ms", event.receivedAt().toEpochMilli());
        return row;
    }

    @Override
    public boolean isAvailable() {
        try {
            return clickhouse.query("SELECT 1", "TSV").strip().equals("1");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
