package io.tally.application.port.in;

/**
 * Where an answer came from: {@code HIT} (the cache, fresh), {@code STALE} (the cache, past its freshness while a
 * refresh runs), {@code MISS} (computed and kept), {@code BYPASS} (computed: forced, or the cache is down).
 */
public enum CacheStatus {
    HIT, STALE, MISS, BYPASS;

    /** Answered from the cache, fresh or stale. */
    public boolean fromCache() {
        return this == HIT || this == STALE;
    }
}
