package io.tally.domain.live;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.Filter;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A sampled stream of a project's raw events as they are stored: those passing {@code filters}, each kept with
 * probability {@code sample}, sent in batches every {@code interval}.
 */
public record LiveTail(String projectId, List<Filter.Match> filters, double sample, Duration interval) {

    /** At most this many events in one batch; the rest of a busy interval is counted as dropped. */
    public static final int MAX_BATCH = 500;

    public LiveTail {
        Objects.requireNonNull(projectId, "projectId");
        filters = List.copyOf(filters);
        if (!(sample > 0 && sample <= 1)) {
            throw new IllegalArgumentException("sample must be in (0, 1]");
        }
        if (interval.compareTo(LiveQuery.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("batches are at most once a second");
        }
    }

    /** Which events belong to this tail before sampling (made once: patterns are compiled here). */
    public Predicate<Event> selection() {
        Predicate<Event> passes = EventDimensions.all(filters, ZoneOffset.UTC);
        return event -> event.projectId().equals(projectId) && passes.test(event);
    }
}
