package io.tally.domain.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Which events a funnel step, a retention event or a path anchor means: an event type (or any) and filters. */
public record EventCriteria(Optional<String> eventType, List<Filter> filters) implements CacheKey.Keyed {
    public EventCriteria {
        Objects.requireNonNull(eventType, "eventType");
        filters = List.copyOf(filters);
    }

    public static EventCriteria of(String eventType, Filter... filters) {
        return new EventCriteria(Optional.of(eventType), List.of(filters));
    }

    public static EventCriteria anyEvent() {
        return new EventCriteria(Optional.empty(), List.of());
    }

    /** The same events as a report's filters: the type as an {@code event_type} filter, then the filters. */
    public List<Filter> asFilters() {
        List<Filter> all = new ArrayList<>();
        eventType.ifPresent(type -> all.add(new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of(type))));
        all.addAll(filters);
        return all;
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("event", eventType, filters);
    }
}
