package io.tally.adapter.out.redis;

import io.tally.application.port.out.QueryCache;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.time.Duration;
import java.util.Optional;

/**
 * The query cache shared by every node: answers as raw bytes under their key with a TTL, the data version of a
 * project as a Redis counter. One round trip per operation; any Redis failure surfaces as a {@link CacheException}.
 */
public final class RedisQueryCache implements QueryCache, AutoCloseable {

    private final RedissonClient redis;

    private RedisQueryCache(RedissonClient redis) {
        this.redis = redis;
    }

    /** Whether Redis answers now (a read with the client's timeout). */
    public boolean answers() {
        return RedisHealth.answers(redis);
    }

    /** Connects to {@code address} ({@code redis://host:port}); commands time out after {@code timeout}. */
    public static RedisQueryCache connect(String address, Duration timeout) {
        return new RedisQueryCache(RedisClients.connect(address, timeout, 32));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.ofNullable(redis.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get());
        } catch (RuntimeException e) {
            throw new CacheException("Redis get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        try {
            redis.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).set(value, ttl);
        } catch (RuntimeException e) {
            throw new CacheException("Redis set failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long version(String projectId) {
        try {
            return redis.getAtomicLong("tally:version:" + projectId).get();
        } catch (RuntimeException e) {
            throw new CacheException("Redis version read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void bump(String projectId) {
        try {
            redis.getAtomicLong("tally:version:" + projectId).incrementAndGet();
        } catch (RuntimeException e) {
            throw new CacheException("Redis version bump failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
