package io.tally.adapter.in.rest;

import java.time.Clock;
import java.util.Objects;

/**
 * What the REST adapter needs to know beyond the use cases.
 *
 * @param defaultProject the project of requests when keys are not required
 * @param maxBodyBytes   larger ingest bodies are refused with 413
 * @param keysRequired   every API request needs a key of the right kind, and is scoped to its project
 */
public record RestSettings(String defaultProject, long maxBodyBytes, Clock clock, boolean keysRequired) {
    public static final long TEN_MIB = 10L * 1024 * 1024;

    public RestSettings {
        Objects.requireNonNull(defaultProject, "defaultProject");
        Objects.requireNonNull(clock, "clock");
    }
}
