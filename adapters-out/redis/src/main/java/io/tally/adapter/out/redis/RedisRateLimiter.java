package io.tally.adapter.out.redis;

import io.tally.application.port.out.RateLimiter;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets shared by every node: one Lua script per request refills by Redis's own clock, takes the tokens if
 * they are there and answers what is left, atomically. When Redis cannot be reached the limiter fails open
 * (the request is allowed and {@link #failures()} counts it): an analytics backend should rather take events than
 * drop them while its cache is down.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    /** KEYS[1] bucket; ARGV capacity, period in microseconds, tokens asked. Returns allowed, tokens left (x1000). */
    private static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local asked = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil then tokens = capacity; at = now end
            tokens = math.min(capacity, tokens + (now - at) * capacity / period)
            local allowed = 0
            if tokens >= asked then tokens = tokens - asked; allowed = 1 end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000) + 1000)
            return {allowed, math.floor(tokens * 1000)}
            """;

    private final RedissonClient redis;
    private final AtomicLong failures = new AtomicLong();

    private RedisRateLimiter(RedissonClient redis) {
        this.redis = redis;
    }

    /** Whether Redis answers now (a read with the client's timeout). */
    public boolean answers() {
        return RedisHealth.answers(redis);
    }

    public static RedisRateLimiter connect(String address, Duration timeout) {
        return new RedisRateLimiter(RedisClients.connect(address, timeout, 64));
    }

    @Override
    public Decision take(String bucket, long tokens, Limit limit) {
        long periodMicros = limit.period().toNanos() / 1000;
        try {
            List<Object> answer = redis.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, SCRIPT,
                    RScript.ReturnType.MULTI, List.of("tally:rate:" + bucket),
                    Long.toString(limit.capacity()), Long.toString(periodMicros), Long.toString(tokens));
            boolean allowed = ((Number) answer.get(0)).longValue() == 1;
            double left = ((Number) answer.get(1)).longValue() / 1000.0;
            double perSecond = limit.capacity() * 1e6 / periodMicros;
            long reset = (long) Math.ceil((limit.capacity() - left) / perSecond);
            if (tokens > limit.capacity()) { // the script took nothing: more than a full bucket is never there
                return Decision.overCapacity(limit.capacity(), (long) Math.floor(left), reset);
            }
            long retry = allowed ? 0 : Math.max(1, (long) Math.ceil((tokens - left) / perSecond));
            return new Decision(allowed, limit.capacity(), (long) Math.floor(left), reset, retry);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            return new Decision(true, limit.capacity(), limit.capacity(), 0, 0, true);
        }
    }

    /** Requests allowed because Redis could not be asked. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
