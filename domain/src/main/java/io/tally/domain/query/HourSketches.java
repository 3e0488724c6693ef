package io.tally.domain.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Builds the {@link VisitorSketch}es of events per (project, UTC hour, event type): what a writer adds for the events
 * a batch stored, a migration for the events already stored, the reference for all of its events. Not thread-safe.
 */
public final class HourSketches {

    /** Where a sketch is kept. */
    public record Key(String projectId, Instant hour, String eventType) {
        public Key {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(hour, "hour");
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    private final int lgK;
    private final Map<Key, VisitorSketch> sketches = new LinkedHashMap<>();

    public HourSketches() {
        this(VisitorSketch.LG_K);
    }

    public HourSketches(int lgK) {
        this.lgK = lgK;
    }

    /** Counts the user of an event at {@code at} in the sketch of its UTC hour and type. */
    public void add(String projectId, Instant at, String eventType, long userHash) {
        Key key = new Key(projectId, at.truncatedTo(ChronoUnit.HOURS), eventType);
        sketches.computeIfAbsent(key, k -> new VisitorSketch(lgK)).add(userHash);
    }

    /** Counts the users of a kept sketch in the one of its key (compacting a key's rows into one). */
    public void merge(Key key, byte[] sketch) {
        sketches.computeIfAbsent(key, k -> new VisitorSketch(lgK)).merge(sketch);
    }

    public boolean isEmpty() {
        return sketches.isEmpty();
    }

    /** Each key's sketch bytes, in the order keys were first seen. */
    public void forEach(BiConsumer<Key, byte[]> out) {
        sketches.forEach((key, sketch) -> out.accept(key, sketch.bytes()));
    }
}
