package io.tally.application.port.in;

import java.util.Map;
import java.util.function.Consumer;

/** Live alert notifications: every state change of a project's alerts, as the webhook payload. */
public interface WatchAlertsUseCase {

    /** Calls the listener for each notification until the returned handle is closed. */
    AutoCloseable watch(String projectId, Consumer<Map<String, Object>> listener);
}
