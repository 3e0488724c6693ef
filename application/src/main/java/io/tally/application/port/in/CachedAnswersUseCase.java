package io.tally.application.port.in;

import io.tally.domain.time.TimeRange;

import java.util.function.Supplier;

/**
 * Answers a query from the cache when it can: the key is the query's cache key with its project, the data version
 * and the form of the answer; a miss computes once however many identical requests wait for it.
 */
public interface CachedAnswersUseCase {

    /**
     * @param queryKey the validated question's {@link AnalyticsQuery#cacheKey()}: two spellings, one key
     * @param range   the range it covers, which decides how long the answer may live
     * @param form    how the answer is rendered ({@code rest-json}, …), part of the key
     * @param force   compute anew and replace the entry ({@code refresh=force})
     * @param compute renders the answer on a miss
     */
    Cached answer(String projectId, String queryKey, TimeRange range, String form, boolean force, Supplier<byte[]> compute);

    /**
     * The answer's bytes and where they came from: {@code HIT}, {@code STALE} (kept past its freshness while a refresh
     * runs), {@code MISS}, {@code BYPASS} (forced or cache down).
     */
    record Cached(byte[] body, String status) {
        /** Answered from the cache, fresh or stale. */
        public boolean hit() {
            return fromCache(status);
        }
    }

    /** Whether a cache status means the answer came from the cache ({@code HIT} or {@code STALE}). */
    static boolean fromCache(String status) {
        return status.equals("HIT") || status.equals("STALE");
    }
}
