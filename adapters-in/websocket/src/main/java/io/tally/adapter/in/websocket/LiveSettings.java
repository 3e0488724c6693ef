package io.tally.adapter.in.websocket;

import java.time.Clock;
import java.time.Duration;

/**
 * Limits of the live endpoint.
 *
 * @param maxConnections live connections this node holds at once; more are closed with 1013 (try again later)
 * @param heartbeat      a heartbeat message after this long without other traffic
 * @param authTimeout    how long a connection may stay open without authenticating
 */
public record LiveSettings(int maxConnections, Duration heartbeat, Duration authTimeout, Clock clock) {
}
