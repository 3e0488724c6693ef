package io.tally.adapter.out.duckdb;

/**
 * How the writer keys events: the whole {@link EventKey}, or in tests only its low {@code bits} (0: every event
 * the same key), so that two events certainly share one and the writer's refusal can be proved.
 */
record EventKeying(int bits) {

    static final EventKeying FULL = new EventKeying(128);

    EventKeying {
        if (bits < 0 || bits > 128) {
            throw new IllegalArgumentException("between 0 and 128 bits, not " + bits);
        }
    }

    EventKey of(String projectId, String eventId) {
        EventKey key = EventKey.of(projectId, eventId);
        if (bits == 128) {
            return key;
        }
        return new EventKey(bits >= Long.SIZE ? key.lower() : key.lower() & low(bits),
                bits <= Long.SIZE ? 0 : key.upper() & low(bits - Long.SIZE));
    }

    /** A mask of the low {@code n} bits, 0 ≤ n < 64. */
    private static long low(int n) {
        return (1L << n) - 1;
    }
}
