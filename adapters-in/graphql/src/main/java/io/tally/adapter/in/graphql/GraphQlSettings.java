package io.tally.adapter.in.graphql;

import java.time.Clock;
import java.time.Duration;

/**
 * Protection and timing of the GraphQL endpoint.
 *
 * @param maxDepth      deepest selection an operation may have
 * @param maxComplexity fields an operation may select in all (each field counts one)
 * @param initTimeout   how long a graphql-transport-ws connection may wait before {@code connection_init} (the live
 *                      endpoints' grace for authenticating)
 */
public record GraphQlSettings(int maxDepth, int maxComplexity, Duration initTimeout, Clock clock) {
}
