package io.tally.application.service;

import io.tally.application.port.in.SetAside;

import java.util.List;

/**
 * How a submission's future ends when the store refused some of its events for good: the others are stored, these
 * were kept in the store's dead letters instead.
 */
public final class EventsSetAside extends RuntimeException {

    private final transient List<SetAside> setAside;

    EventsSetAside(List<SetAside> setAside) {
        super(setAside.size() + " event(s) refused by the store and kept in its dead letters", null, false, false);
        this.setAside = List.copyOf(setAside);
    }

    public List<SetAside> setAside() {
        return setAside;
    }
}
