package io.tally.application.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * Answers kept for reuse, as opaque bytes, and a data version per project that moves when stored data changes in a
 * way that can change a cached answer. Shared by all nodes when backed by Redis. A failing backend throws
 * {@link CacheException}; callers then answer without the cache.
 */
public interface QueryCache {

    Optional<byte[]> get(String key);

    void put(String key, byte[] value, Duration ttl);

    /** The project's data version: part of every key, so moving it retires the project's older entries. */
    long version(String projectId);

    /** Moves the project's data version (late events arrived for a past period). */
    void bump(String projectId);

    /** Entries dropped for room so far (a shared cache evicts on its server: 0 here). */
    default long evictions() {
        return 0;
    }

    /** The cache backend failed. */
    final class CacheException extends RuntimeException {
        public CacheException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
