package io.tally.application.port.out;

/** A store failed to do what it was asked; the caller may retry. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
