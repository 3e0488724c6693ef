package io.tally.domain.query;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Builds the {@link VisitorSketch}es of events per (project, span, event type), for each {@link SketchSpan} asked
 * for: what a writer adds for the events a batch stored (hours and days), a migration for the events already stored,
 * the reference for all of its events. Not thread-safe.
 */
public final class KeptSketches {

    /** Where a sketch is kept. */
    public record Key(String projectId, Instant start, SketchSpan span, String eventType) {
        public Key {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(span, "span");
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    private final int lgK;
    private final Set<SketchSpan> spans;
    private final Map<Key, VisitorSketch> sketches = new LinkedHashMap<>();

    /** Sketches of every span, of {@link VisitorSketch#LG_K}: what a writer keeps. */
    public KeptSketches() {
        this(VisitorSketch.LG_K, EnumSet.allOf(SketchSpan.class));
    }

    /** Sketches of the spans given, of {@code 2^lgK} (tests use a small one to reach estimation on little data). */
    public KeptSketches(int lgK, Set<SketchSpan> spans) {
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("at least one span");
        }
        this.lgK = lgK;
        this.spans = EnumSet.copyOf(spans);
    }

    /** Counts the user of an event at {@code at} in the sketch of each span that holds it, of its type. */
    public void add(String projectId, Instant at, String eventType, long userHash) {
        for (SketchSpan span : spans) {
            Key key = new Key(projectId, span.start(at), span, eventType);
            sketches.computeIfAbsent(key, k -> new VisitorSketch(lgK)).add(userHash);
        }
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
