package io.tally.domain.funnel;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.EventCriteria;

import java.util.Objects;

/**
 * An exclusion step: an attempt that reaches step {@code toStep} is dropped, as if it never started, when one of the
 * user's events in the range matching {@code event} happened strictly after its step-{@code fromStep} event and
 * strictly before its step-{@code toStep} event, in time (steps numbered from 1; an event at the instant of either
 * step does not drop it).
 */
public record FunnelExclusion(EventCriteria event, int fromStep, int toStep) implements CacheKey.Keyed {

    public FunnelExclusion {
        Objects.requireNonNull(event, "event");
        if (event.eventType().isEmpty()) {
            throw new IllegalArgumentException("an exclusion names its event type");
        }
        if (fromStep < 1 || toStep <= fromStep) {
            throw new IllegalArgumentException("an exclusion runs from a step to a later one");
        }
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("exclusion", event, fromStep, toStep);
    }
}
