package io.tally.application.service;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The event store, telling the query cache when cached answers may be stale: a batch holding an event from before
 * the current hour (a late event) moves its project's data version. Events of the current hour do not: answers
 * reaching into it live only seconds anyway.
 */
public final class VersionedEventStore implements EventStore {

    private static final System.Logger LOG = System.getLogger(VersionedEventStore.class.getName());

    private final EventStore store;
    private final QueryCache cache;
    private final Clock clock;

    public VersionedEventStore(EventStore store, QueryCache cache, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public long append(List<Event> batch) {
        return bumpingLate(store.append(batch), batch);
    }

    @Override
    public StoreRow row(Event event) {
        return store.row(event);
    }

    @Override
    public long appendRows(List<? extends StoreRow> rows) {
        return bumpingLate(store.appendRows(rows), rows.stream().map(StoreRow::event).toList());
    }

    private long bumpingLate(long added, List<Event> batch) {
        if (added > 0) {
            Instant currentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
            Set<String> projects = batch.stream().filter(e -> e.timestamp().isBefore(currentHour))
                    .map(Event::projectId).collect(Collectors.toSet());
            for (String project : projects) {
                try {
                    cache.bump(project);
                } catch (QueryCache.CacheException e) {
                    // the entries then live out their TTL; nothing better can be done without the cache
                    LOG.log(System.Logger.Level.WARNING, "could not retire cached answers of " + project + ": " + e.getMessage());
                }
            }
        }
        return added;
    }

    @Override
    public boolean isAvailable() {
        return store.isAvailable();
    }
}
