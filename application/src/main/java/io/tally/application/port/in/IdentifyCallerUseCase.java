package io.tally.application.port.in;

import java.util.Optional;

/**
 * Who a request or connection is: the {@link Caller} a presented key (or its absence) stands for. When keys are not
 * required every caller is the configured project, with every right (the embedded, single-team default).
 */
public interface IdentifyCallerUseCase {

    /** The caller a key (or its absence) stands for; empty when a key is required and none valid was presented. */
    Optional<Caller> identify(Optional<String> presented);

    /** Whether a request without a valid key is refused. */
    boolean keysRequired();

    /**
     * The key a request presents: {@code Authorization: Bearer tly_…}, else an {@code X-API-Key} header (the two ways
     * every API accepts).
     */
    static Optional<String> presented(Optional<String> authorization, Optional<String> apiKeyHeader) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip())
                .or(() -> apiKeyHeader);
    }
}
