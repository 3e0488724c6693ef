package io.tally.adapter.in.websocket;

import java.time.Clock;
import java.time.Duration;

/**
 * Timing of the live endpoint (how many connections it may hold is {@link LiveServices#connections()}'s to say).
 *
 * @param heartbeat      a heartbeat message after this long without other traffic
 * @param authTimeout    how long a connection may stay open without authenticating
 */
public record LiveSettings(Duration heartbeat, Duration authTimeout, Clock clock) {
}
