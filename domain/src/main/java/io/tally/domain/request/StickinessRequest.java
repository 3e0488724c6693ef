package io.tally.domain.request;

import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.validation.Validated;

/** Reads a stickiness body: the fields of {@link EventIntervals}. */
public final class StickinessRequest {

    private StickinessRequest() {
    }

    public static Validated<StickinessQuery> parse(Object body, RequestContext context) {
        return switch (EventIntervals.parse(body, context)) {
            case Validated.Invalid<EventIntervals> invalid -> new Validated.Invalid<>(invalid.violations());
            case Validated.Valid<EventIntervals> valid -> new Validated.Valid<>(new StickinessQuery(context.projectId(),
                    valid.value().event(), valid.value().interval(), valid.value().range(), valid.value().zone()));
        };
    }
}
