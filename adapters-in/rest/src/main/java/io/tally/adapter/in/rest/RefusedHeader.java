package io.tally.adapter.in.rest;

/**
 * Why a request header was refused before routing; carried as the cause of Helidon's refusal so that
 * {@link TransportProblems} can name the header in the problem it writes.
 */
final class RefusedHeader extends RuntimeException {

    private final String header;

    RefusedHeader(String header, String message) {
        super(message, null, false, false); // a verdict on input, not a fault: no stack trace to fill
        this.header = header;
    }

    String header() {
        return header;
    }
}
