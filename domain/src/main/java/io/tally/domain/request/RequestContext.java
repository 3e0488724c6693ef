package io.tally.domain.request;

import java.time.Instant;
import java.util.Objects;

/** What a parser needs besides the body: whose request it is, the time it arrived, and the saved definitions. */
public record RequestContext(String projectId, Instant now, Definitions definitions) {
    public RequestContext {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(definitions, "definitions");
    }
}
