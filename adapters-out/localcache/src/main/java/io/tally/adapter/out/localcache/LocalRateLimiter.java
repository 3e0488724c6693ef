package io.tally.adapter.out.localcache;

import io.tally.application.port.out.RateLimiter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets in this process, for the embedded default (one node). */
public final class LocalRateLimiter implements RateLimiter {

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    LocalRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public static LocalRateLimiter create() {
        return new LocalRateLimiter(System::nanoTime);
    }

    @Override
    public Decision take(String key, long tokens, Limit limit) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket b = new Bucket();
            b.tokens = limit.capacity();
            b.updatedNanos = nanoTime.getAsLong();
            return b;
        });
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            double perNano = (double) limit.capacity() / limit.period().toNanos();
            bucket.tokens = Math.min(limit.capacity(), bucket.tokens + (now - bucket.updatedNanos) * perNano);
            bucket.updatedNanos = now;
            boolean allowed = bucket.tokens >= tokens;
            if (allowed) {
                bucket.tokens -= tokens;
            }
            long reset = (long) Math.ceil((limit.capacity() - bucket.tokens) / perNano / 1e9);
            if (tokens > limit.capacity()) {
                return Decision.overCapacity(limit.capacity(), (long) Math.floor(bucket.tokens), reset);
            }
            long retry = allowed ? 0 : (long) Math.ceil((tokens - bucket.tokens) / perNano / 1e9);
            return new Decision(allowed, limit.capacity(), (long) Math.floor(bucket.tokens), reset, Math.max(retry, allowed ? 0 : 1));
        }
    }
}
