package io.tally.application.port.in;

/**
 * A use case could not be answered because a store failed (it is restarting, or this node is stopping): nothing was
 * changed, and the caller may retry. Inbound adapters answer it as "unavailable" (503, a GraphQL error).
 */
// In port.in so callers catch it without seeing port.out; port.out's StoreException extends it (stores throw it as is).
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
