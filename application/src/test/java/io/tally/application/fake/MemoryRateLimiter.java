package io.tally.application.fake;

import io.tally.application.port.out.RateLimiter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets as the {@link RateLimiter} port states them, refilled by a clock the test moves, for tests of the
 * core. Tokens are kept multiplied by the period in nanoseconds, so every refill is exact and hand-worked numbers
 * hold to the token. Every take is written down; taken down, it fails open as a limiter whose backend is gone.
 */
public final class MemoryRateLimiter implements RateLimiter {

    /** One call of {@link #take}, as asked. */
    public record Take(String bucket, long tokens, Limit limit) {
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Bucket {
        long scaledTokens;
        Instant updated;

        Bucket(long scaledTokens, Instant updated) {
            this.scaledTokens = scaledTokens;
            this.updated = updated;
        }
    }

    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final List<Take> taken = new ArrayList<>();
    private boolean down;

    public MemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Decision take(String key, long tokens, Limit limit) {
        taken.add(new Take(key, tokens, limit));
        if (down) {
            return new Decision(true, limit.capacity(), limit.capacity(), 0, 0, true);
        }
        long period = limit.period().toNanos();
        long full = limit.capacity() * period;
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(full, now));
        long elapsed = Math.min(period, Math.max(0, Duration.between(bucket.updated, now).toNanos()));
        bucket.scaledTokens = Math.min(full, bucket.scaledTokens + elapsed * limit.capacity());
        bucket.updated = now;
        if (tokens > limit.capacity()) {
            return Decision.overCapacity(limit.capacity(), bucket.scaledTokens / period,
                    secondsToGain(full - bucket.scaledTokens, limit.capacity()));
        }
        long asked = tokens * period;
        boolean allowed = bucket.scaledTokens >= asked;
        if (allowed) {
            bucket.scaledTokens -= asked;
        }
        long retryAfter = allowed ? 0 : Math.max(1, secondsToGain(asked - bucket.scaledTokens, limit.capacity()));
        return new Decision(allowed, limit.capacity(), bucket.scaledTokens / period,
                secondsToGain(full - bucket.scaledTokens, limit.capacity()), retryAfter);
    }

    /** Whole seconds, rounded up, until a bucket refilling {@code capacity} tokens a period gains these scaled tokens. */
    private static long secondsToGain(long scaledTokens, long capacity) {
        return Math.ceilDiv(Math.ceilDiv(scaledTokens, capacity), NANOS_PER_SECOND);
    }

    /** Every later take is let through as failed open. */
    public synchronized void goDown() {
        down = true;
    }

    /** Every take so far, in order. */
    public synchronized List<Take> taken() {
        return List.copyOf(taken);
    }
}
