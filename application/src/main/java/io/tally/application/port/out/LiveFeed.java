package io.tally.application.port.out;

import io.tally.domain.event.Event;

import java.util.List;

/**
 * Where stored events go for live views, as they are stored. In-process by default; a deployment with several
 * nodes would put a broadcast here (every node needs every event for its own live clients).
 */
public interface LiveFeed {

    /** Events just stored (some may be re-sent duplicates; live tallies count an id once). Returns quickly. */
    void stored(List<Event> events);

    /** Some stored events never reached {@link #stored}: whatever is kept from them is to be read from the store again. */
    default void missed() {
    }

    LiveFeed NONE = events -> { };
}
