package io.tally.domain.request;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a parser needs besides the body: whose request it is, the time it arrived, the saved definitions, and (asked
 * only by an {@code all_time} range) when the project's first event happened.
 */
public record RequestContext(String projectId, Instant now, Definitions definitions, Supplier<Optional<Instant>> firstEvent) {
    public RequestContext {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(definitions, "definitions");
        Objects.requireNonNull(firstEvent, "firstEvent");
    }

    /** Where no store is asked (checking a definition before it is saved): {@code all_time} is today alone. */
    public RequestContext(String projectId, Instant now, Definitions definitions) {
        this(projectId, now, definitions, Optional::empty);
    }
}
