package io.tally.application.service;

import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.Caller;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.domain.access.KeyKind;

import java.util.Optional;

/** Turns a presented key into a {@link Caller}: its project and kind, through the project's API keys. */
public final class Callers implements IdentifyCallerUseCase {

    private final AccessUseCase access;
    private final boolean keysRequired;
    private final String defaultProject;

    public Callers(AccessUseCase access, boolean keysRequired, String defaultProject) {
        this.access = access;
        this.keysRequired = keysRequired;
        this.defaultProject = defaultProject;
    }

    @Override
    public Optional<Caller> identify(Optional<String> presented) {
        if (!keysRequired) {
            return Optional.of(new Caller(defaultProject, "project:" + defaultProject, KeyKind.ADMIN));
        }
        return presented.flatMap(access::authenticate).map(key -> new Caller(key.projectId(), "key:" + key.id(), key.kind()));
    }

    @Override
    public boolean keysRequired() {
        return keysRequired;
    }
}
