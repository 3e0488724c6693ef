package io.tally.bootstrap.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.sample.TrafficGenerator;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * NDJSON batches of the traffic {@code tally generate} writes ({@link TrafficGenerator}), marked as one run's: each
 * event id starts with the run's id and each event carries the property {@value #RUN_PROPERTY}, so that a second run
 * against the same server sends new events (not re-sends the store skips) and the run's stored events can be counted.
 * Without a project the events leave {@code project_id} out: the server files them under the key's project. Live
 * batches time their events when the batch is made (1 µs apart, in the generated order), as a live site sends them;
 * otherwise the events keep the generated times, spread over the settings' days as a backfill is.
 */
public final class GeneratedBatches implements Iterator<Batch> {

    /** The property that names the run an event belongs to. */
    public static final String RUN_PROPERTY = "bench_run";

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final Iterator<Event> events;
    private final int batchSize;
    private final String runId;
    private final Optional<String> project;
    private final Optional<Clock> live;

    /**
     * @param traffic   what to generate (its project is used only when {@code project} is present)
     * @param batchSize events per batch (the last batch may hold fewer)
     * @param runId     the run's id, put in every event id and in {@value #RUN_PROPERTY}
     * @param project   the {@code project_id} each event names, or empty for the key's project
     * @param live      the clock that times each batch's events when it is made, or empty to keep the generated times
     */
    public GeneratedBatches(TrafficGenerator.Settings traffic, int batchSize, String runId, Optional<String> project,
            Optional<Clock> live) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.events = TrafficGenerator.events(traffic).iterator();
        this.batchSize = batchSize;
        this.runId = runId;
        this.project = project;
        this.live = live;
    }

    @Override
    public boolean hasNext() {
        return events.hasNext();
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(batchSize * 512);
        Optional<Instant> made = live.map(Clock::instant);
        int count = 0;
        while (count < batchSize && events.hasNext()) {
            long micros = count;
            body.writeBytes(line(events.next(), made.map(t -> t.plusNanos(micros * 1_000))));
            body.write('\n');
            count++;
        }
        return new Batch(count, body.toByteArray());
    }

    private byte[] line(Event event, Optional<Instant> time) {
        Map<String, Object> wire = EventWire.of(event);
        wire.put("event_id", runId + "-" + event.eventId());
        time.ifPresent(t -> wire.put("timestamp", t.toString()));
        project.ifPresentOrElse(p -> wire.put("project_id", p), () -> wire.remove("project_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) wire.get("properties"));
        properties.put(RUN_PROPERTY, runId);
        wire.put("properties", properties);
        try {
            return JSON.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
