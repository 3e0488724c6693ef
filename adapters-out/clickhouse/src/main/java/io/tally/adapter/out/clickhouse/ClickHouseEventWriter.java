package io.tally.adapter.out.clickhouse;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Inserts batches as one RowBinary block with a deduplication token. Events already stored are left out before
 * the insert (looked up by id in {@code event_ids}, which a view fills from every insert), so the count of new
 * events is exact; the token makes a retried block a no-op, and ReplacingMergeTree
 * only has to collapse concurrent re-sends.
 * <p>
 * Before the events, their ids go into {@code id_hashes} and the hashes they share with another id into
 * {@code hash_collisions}, so a project is counted by its ids as text from the moment two ids share a hash, and
 * the visitor sketches of the new events per hour and type go into {@code visitor_sketches}.
 */
final class ClickHouseEventWriter implements EventStore {

    private final ClickHouseTransport clickhouse;
    private final Function<Event, EventColumns> columns;

    ClickHouseEventWriter(ClickHouseTransport clickhouse) {
        this(clickhouse, EventColumns::of);
    }

    /** @param columns how an event becomes a row: tests give ids a tiny hash here, so that hashes collide */
    ClickHouseEventWriter(ClickHouseTransport clickhouse, Function<Event, EventColumns> columns) {
        this.clickhouse = clickhouse;
        this.columns = columns;
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
                List<EventColumns> rows = fresh.stream().map(columns).toList();
                String token = EventRows.token(fresh);
                clickhouse.insertRowBinary("id_hashes", IdHashRows.encode(rows), token);
                recordCollisions(rows);
                // before the events: a batch retried after a failure re-sends only events not stored, so a sketch
                // inserted after them could be lost; inserted first, a retry adds it again, which a union ignores
                clickhouse.insertRowBinary("visitor_sketches", ClickHouseVisitorSketches.encode(rows), token);
                clickhouse.insertRowBinary("events", EventRows.encodeColumns(rows), token);
            }
            return fresh.size();
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse could not store " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    /**
     * Looks up the batch's hashes after writing them, so a hash another node wrote meanwhile is seen by whichever
     * of the two looks last.
     */
    private void recordCollisions(List<EventColumns> rows) {
        Map<String, List<EventColumns>> byProject = rows.stream()
                .collect(Collectors.groupingBy(row -> row.event().projectId(), LinkedHashMap::new, Collectors.toList()));
        for (var project : byProject.entrySet()) {
            for (String hashes : IdHashRows.hashChunks(project.getValue(), MAX_HEX_PER_LOOKUP)) {
                clickhouse.query(ClickHouseSql.RECORD_COLLISIONS, "TSV", Map.of("project", project.getKey(), "hashes", hashes));
            }
        }
    }

    /**
     * A server's driver writes a string parameter into the statement's text, and a statement is refused past
     * {@code max_query_size} (256 KiB by default), so the ids go in chunks of at most this many hex digits.
     */
    static final int MAX_HEX_PER_LOOKUP = 200_000;

    private Set<String> storedIds(String project, List<Event> events) {
        Set<String> stored = new HashSet<>();
        for (String hexIds : hexIdChunks(events, MAX_HEX_PER_LOOKUP)) {
            clickhouse.query(ClickHouseSql.STORED_IDS, "TSV", Map.of("project", project, "hex_ids", hexIds))
                    .lines().map(ClickHouseLiterals::unescapeTsv).forEach(stored::add);
        }
        return stored;
    }

    /**
     * The ids' UTF-8 bytes in hex, comma-separated, as {@link ClickHouseSql#STORED_IDS} reads them: one string per
     * chunk of at most {@code maxChars} (a single longer id has a chunk of its own).
     */
    static List<String> hexIdChunks(List<Event> events, int maxChars) {
        HexFormat hex = HexFormat.of();
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (Event event : events) {
            String id = hex.formatHex(event.eventId().getBytes(StandardCharsets.UTF_8));
            if (!chunk.isEmpty() && chunk.length() + 1 + id.length() > maxChars) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(chunk.isEmpty() ? "" : ",").append(id);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk.toString());
        }
        return chunks;
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
