package io.tally.application.port.out;

import io.tally.application.port.in.StoreUnavailableException;

/** A store failed to do what it was asked; the caller may retry. Use cases pass it on as what it extends. */
public class StoreException extends StoreUnavailableException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
