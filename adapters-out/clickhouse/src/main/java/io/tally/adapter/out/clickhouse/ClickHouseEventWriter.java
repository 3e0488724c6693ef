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
            String projects = hexProjects(events);
            Set<ProjectId> stored = storedIds(projects, events);
            Set<ProjectId> seen = new HashSet<>();
            List<Event> fresh = new ArrayList<>();
            // project by project, as before the lookups were merged: a block's events, and so its token, stay the same
            for (List<Event> project : events.stream().collect(Collectors.groupingBy(Event::projectId, LinkedHashMap::new,
                    Collectors.toList())).values()) {
                for (Event event : project) {
                    ProjectId key = new ProjectId(event.projectId(), event.eventId());
                    if (!stored.contains(key) && seen.add(key)) {
                        fresh.add(event);
                    }
                }
            }
            if (!fresh.isEmpty()) {
                List<EventColumns> rows = fresh.stream().map(columns).toList();
                String token = EventRows.token(fresh);
                clickhouse.insertRowBinary("id_hashes", IdHashRows.encode(rows), token);
                recordCollisions(projects, rows);
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

    /** An event's identity: its id within its project. */
    private record ProjectId(String project, String eventId) {
    }

    /**
     * Looks up the batch's hashes after writing them, so a hash another node wrote meanwhile is seen by whichever
     * of the two looks last. Every project of the batch in one statement (per chunk): fewer round trips.
     */
    private void recordCollisions(String projects, List<EventColumns> rows) {
        for (String hashes : IdHashRows.hashChunks(rows, clickhouse.lookupParameterChars() - projects.length())) {
            clickhouse.query(ClickHouseSql.RECORD_COLLISIONS, "TSV", Map.of("hex_projects", projects, "hashes", hashes));
        }
    }

    /** The (project, id) pairs of the batch already stored, looked up for all its projects at once. */
    private Set<ProjectId> storedIds(String projects, List<Event> events) {
        Set<ProjectId> stored = new HashSet<>();
        for (String hexIds : hexIdChunks(events, clickhouse.lookupParameterChars() - projects.length())) {
            String answer = clickhouse.query(ClickHouseSql.STORED_IDS, "TSV", Map.of("hex_projects", projects, "hex_ids", hexIds));
            for (List<String> row : ClickHouseLiterals.tsvRows(answer)) {
                stored.add(new ProjectId(row.get(0), row.get(1)));
            }
        }
        return stored;
    }

    /** The batch's distinct projects, their UTF-8 bytes in hex, comma-separated, as {@link ClickHouseSql#HEX_PROJECTS} reads them. */
    static String hexProjects(List<Event> events) {
        HexFormat hex = HexFormat.of();
        return events.stream().map(Event::projectId).distinct()
                .map(project -> hex.formatHex(project.getBytes(StandardCharsets.UTF_8))).collect(Collectors.joining(","));
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
