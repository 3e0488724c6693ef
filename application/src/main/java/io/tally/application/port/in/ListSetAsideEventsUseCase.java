package io.tally.application.port.in;

import java.util.List;

/** What an operator reads of the events the store refused for good (kept in its dead letters, never dropped). */
public interface ListSetAsideEventsUseCase {

    /** The project's set-aside events, oldest first, the last {@code limit} of them. */
    List<SetAsideEvent> setAside(String projectId, int limit);
}
