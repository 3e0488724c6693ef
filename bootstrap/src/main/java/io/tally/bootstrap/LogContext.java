package io.tally.bootstrap;

import java.util.Optional;

/** The request a log line is written for: bound by {@link RequestLogFilter} for the request's thread. */
record LogContext(String requestId, String traceId) {

    static final ScopedValue<LogContext> CURRENT = ScopedValue.newInstance();

    static Optional<LogContext> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }
}
