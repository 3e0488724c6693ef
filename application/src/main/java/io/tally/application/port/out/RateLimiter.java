package io.tally.application.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * Token buckets: a bucket holds at most {@code capacity} tokens and gains {@code capacity} tokens per {@code period},
 * evenly. Taking N tokens succeeds when N are there. Shared by all nodes when backed by Redis (one round trip).
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
     * @param retryAfterSeconds when refused, seconds until enough tokens are there (0 when allowed)
     * @param failedOpen  allowed only because the limiter's backend could not be asked
     */
    record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                    boolean failedOpen) {
        public Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
            this(allowed, limit, remaining, resetSeconds, retryAfterSeconds, false);
        }
    }

    Decision take(String bucket, long tokens, Limit limit);
}
