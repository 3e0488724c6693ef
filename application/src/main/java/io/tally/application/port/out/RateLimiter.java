package io.tally.application.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * Token buckets: a bucket holds at most {@code capacity} tokens and gains {@code capacity} tokens per {@code period},
 * evenly. Taking N tokens succeeds when N are there. Asking for more than the capacity can never succeed, however
 * long one waits: it is refused at once with {@link Decision#overCapacity()}, taking nothing. Shared by all nodes
 * when backed by Redis (one round trip).
 */
public interface RateLimiter {

    record Limit(long capacity, Duration period) {
        public Limit {
            Objects.requireNonNull(period, "period");
            if (capacity < 1 || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a limit needs a positive capacity and period");
            }
        }
    }

    /**
     * @param remaining    tokens left after this request
     * @param resetSeconds seconds until the bucket is full again
     * @param retryAfterSeconds when refused, seconds until enough tokens are there (0 when allowed, and when they never
     *                          will be)
     * @param failedOpen  allowed only because the limiter's backend could not be asked
     * @param overCapacity refused because more tokens were asked than the bucket holds when full: retrying the same
     *                     request never helps
     */
    record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                    boolean failedOpen, boolean overCapacity) {
        public Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
            this(allowed, limit, remaining, resetSeconds, retryAfterSeconds, false, false);
        }

        public Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                        boolean failedOpen) {
            this(allowed, limit, remaining, resetSeconds, retryAfterSeconds, failedOpen, false);
        }

        /** A refusal of more tokens than the capacity, with the bucket as it is (nothing taken). */
        public static Decision overCapacity(long limit, long remaining, long resetSeconds) {
            return new Decision(false, limit, remaining, resetSeconds, 0, false, true);
        }
    }

    Decision take(String bucket, long tokens, Limit limit);
}
