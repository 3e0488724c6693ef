package io.tally.application.service;

import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.Caller;
import io.tally.domain.access.KeyKind;

import java.util.Optional;

/**
 * Turns a presented key into a {@link Caller}: its project and kind. When keys are not required every caller is the
 * configured project, with every right (the embedded, single-team default).
 */
public final class Callers {

    private final AccessUseCase access;
    private final boolean keysRequired;
    private final String defaultProject;

    public Callers(AccessUseCase access, boolean keysRequired, String defaultProject) {
        this.access = access;
        this.keysRequired = keysRequired;
        this.defaultProject = defaultProject;
    }

    /** The caller a key (or its absence) stands for; empty when a key is required and none valid was presented. */
    public Optional<Caller> identify(Optional<String> presented) {
        if (!keysRequired) {
            return Optional.of(new Caller(defaultProject, "project:" + defaultProject, KeyKind.ADMIN));
        }
        return presented.flatMap(access::authenticate).map(key -> new Caller(key.projectId(), "key:" + key.id(), key.kind()));
    }

    /**
     * The key a request presents: {@code Authorization: Bearer tly_…}, else an {@code X-API-Key} header (the two ways
     * every API accepts).
     */
    public static Optional<String> presented(Optional<String> authorization, Optional<String> apiKeyHeader) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).strip())
                .or(() -> apiKeyHeader);
    }

    public boolean keysRequired() {
        return keysRequired;
    }
}
