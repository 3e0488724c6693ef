package io.tally.bootstrap;

import io.tally.adapter.out.localcache.LocalQueryCache;
import io.tally.adapter.out.localcache.LocalRateLimiter;
import io.tally.adapter.out.redis.RedisNodeBroadcast;
import io.tally.adapter.out.redis.RedisQueryCache;
import io.tally.adapter.out.redis.RedisRateLimiter;
import io.tally.application.port.out.BroadcastTelemetry;
import io.tally.application.port.out.NodeBroadcast;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.RateLimiter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The query cache chosen by {@code cache.kind} (local, redis, none), the rate limiter chosen by {@code limits.kind}
 * (local, redis, none) and the broadcast between nodes chosen by {@code live.broadcast} (local, redis): the parts of
 * Tally that Redis may back.
 */
record QueryCaches(QueryCache cache, RateLimiter limiter, NodeBroadcast broadcast, List<AutoCloseable> resources,
                   Optional<RedisUse> redis) implements AutoCloseable {

    /** How to ask whether Redis answers, and what the parts that use it do while it does not. */
    record RedisUse(BooleanSupplier answers, String effect) {
    }

    /** Never limits. */
    private static final RateLimiter UNLIMITED = (bucket, tokens, limit) ->
            new RateLimiter.Decision(true, limit.capacity(), limit.capacity(), 0, 0);

    /** Keeps nothing: every query is computed. */
    private static final QueryCache NONE = new QueryCache() {
        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
        }

        @Override
        public long version(String projectId) {
            return 0;
        }

        @Override
        public void bump(String projectId) {
        }
    };

    static QueryCaches open(TallyConfig config, BroadcastTelemetry telemetry) {
        List<AutoCloseable> resources = new ArrayList<>();
        List<BooleanSupplier> redisProbes = new ArrayList<>();
        List<String> effects = new ArrayList<>();
        String redisAddress = config.cache().redisAddress();
        QueryCache cache = switch (config.cache().kind()) {
            case LOCAL -> LocalQueryCache.create(config.cache().maxBytes());
            case REDIS -> {
                RedisQueryCache redis = RedisQueryCache.connect(redisAddress, Duration.ofSeconds(2));
                resources.add(redis);
                redisProbes.add(redis::answers);
                effects.add("queries are computed without the shared cache");
                yield redis;
            }
            case NONE -> NONE;
        };
        RateLimiter limiter = switch (config.limits().kind()) {
            case LOCAL -> LocalRateLimiter.create();
            case REDIS -> {
                RedisRateLimiter redis = RedisRateLimiter.connect(redisAddress, Duration.ofSeconds(2));
                resources.add(redis);
                redisProbes.add(redis::answers);
                effects.add("rate limits are not enforced (fail-open)");
                yield redis;
            }
            case NONE -> UNLIMITED;
        };
        NodeBroadcast broadcast = switch (config.live().broadcast()) {
            case LOCAL -> NodeBroadcast.NONE;
            case REDIS -> {
                RedisNodeBroadcast redis = RedisNodeBroadcast.connect(redisAddress, Duration.ofSeconds(2), telemetry);
                resources.add(redis);
                redisProbes.add(redis::answers);
                effects.add("live views miss what other nodes store and the alerts they raise");
                yield redis;
            }
        };
        // all use the same Redis (cache.redis.address): asking one of them is asking it
        return new QueryCaches(cache, limiter, broadcast, resources, redisProbes.stream().findFirst()
                .map(answers -> new RedisUse(answers, String.join("; ", effects))));
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a Redis client failed", e);
            }
        }
    }
}
