package io.tally.domain.request;

import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.validation.Validated;

/** Reads a lifecycle body: the fields of {@link EventIntervals}. */
public final class LifecycleRequest {

    private LifecycleRequest() {
    }

    public static Validated<LifecycleQuery> parse(Object body, RequestContext context) {
        return switch (EventIntervals.parse(body, context)) {
            case Validated.Invalid<EventIntervals> invalid -> new Validated.Invalid<>(invalid.violations());
            case Validated.Valid<EventIntervals> valid -> new Validated.Valid<>(new LifecycleQuery(context.projectId(),
                    valid.value().event(), valid.value().interval(), valid.value().range(), valid.value().zone()));
        };
    }
}
