package io.tally.ops.bench;

import io.tally.adapter.out.enrichment.Enrichers;
import io.tally.domain.acquisition.Acquisition;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code source} and {@code channel} ingest adds to an event, added to the generated events the large data set
 * loads through the store's adapter (which skips ingest): {@link Acquisition#of} with the server's referrer lists
 * ({@link Enrichers#referrers()}), a property the event already carries kept, as {@code EventEnricher} does. Only an
 * event with a referrer or a campaign parameter is classified (of {@code TrafficGenerator}'s, a session's first page
 * view); any other is passed on as it is, so the load does not slow down.
 */
final class OriginEnrichment {

    /** The properties {@link Acquisition#of} reads: without any of them an event is a direct visit's. */
    private static final String[] READ = {"referrer", "utm_source", "utm_medium", "utm_campaign"};

    private final ReferrerDirectory referrers;

    OriginEnrichment(ReferrerDirectory referrers) {
        this.referrers = referrers;
    }

    /** With the lists the server reads. */
    static OriginEnrichment server() {
        return new OriginEnrichment(Enrichers.referrers());
    }

    /** The events, each enriched as it is taken. */
    Iterator<Event> enriched(Iterator<Event> events) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public Event next() {
                return enrich(events.next());
            }
        };
    }

    /** The event with its source and channel, or the same event when it has none to gain. */
    Event enrich(Event event) {
        Map<String, PropertyValue> properties = event.properties();
        if (!readsAny(properties) || properties.containsKey(Enrichment.Origin.SOURCE_KEY)
                && properties.containsKey(Enrichment.Origin.CHANNEL_KEY)) {
            return event;
        }
        // keepIp: the generated events keep the address they were loaded with before
        return Acquisition.of(properties, referrers)
                .map(origin -> Enrichment.apply(event, Optional.empty(), Optional.empty(), Optional.of(origin), true))
                .orElse(event);
    }

    private static boolean readsAny(Map<String, PropertyValue> properties) {
        for (String key : READ) {
            if (properties.containsKey(key)) {
                return true;
            }
        }
        return false;
    }
}
