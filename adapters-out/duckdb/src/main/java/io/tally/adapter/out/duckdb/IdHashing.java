package io.tally.adapter.out.duckdb;

/**
 * How the writer keeps an {@code IdHash}: whole, or in tests only its low {@code bits}, so that two ids certainly
 * share a hash and the answers from the kept ids can be proved exact.
 */
record IdHashing(int bits) {

    static final IdHashing FULL = new IdHashing(Long.SIZE);

    IdHashing {
        if (bits < 1 || bits > Long.SIZE) {
            throw new IllegalArgumentException("between 1 and 64 bits, not " + bits);
        }
    }

    long of(long hash) {
        return bits == Long.SIZE ? hash : hash & ((1L << bits) - 1);
    }
}
