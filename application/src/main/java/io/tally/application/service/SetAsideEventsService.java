package io.tally.application.service;

import io.tally.application.port.in.ListSetAsideEventsUseCase;
import io.tally.application.port.in.SetAsideEvent;
import io.tally.application.port.out.StoreDeadLetters;

import java.util.List;

/** Reads the store's dead letters for an operator, one project at a time. */
public final class SetAsideEventsService implements ListSetAsideEventsUseCase {

    private final StoreDeadLetters deadLetters;

    public SetAsideEventsService(StoreDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public List<SetAsideEvent> setAside(String projectId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return deadLetters.read(projectId, limit);
    }
}
