package io.tally.bootstrap;

import io.tally.adapter.out.localcache.LocalQueryCache;
import io.tally.adapter.out.redis.RedisQueryCache;
import io.tally.application.port.out.QueryCache;

import java.time.Duration;
import java.util.Optional;

/** The query cache chosen by {@code cache.kind}: local (Caffeine), redis (Redisson) or none. */
record QueryCaches(QueryCache cache, Optional<AutoCloseable> resource) implements AutoCloseable {

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

    static QueryCaches open(TallyConfig config) {
        return switch (config.cacheKind()) {
            case "local" -> new QueryCaches(LocalQueryCache.create(config.cacheMaxBytes()), Optional.empty());
            case "redis" -> {
                RedisQueryCache redis = RedisQueryCache.connect(config.cacheRedisAddress(), Duration.ofSeconds(2));
                yield new QueryCaches(redis, Optional.of(redis));
            }
            case "none" -> new QueryCaches(NONE, Optional.empty());
            default -> throw new IllegalArgumentException("cache.kind must be local, redis or none, not " + config.cacheKind());
        };
    }

    @Override
    public void close() {
        resource.ifPresent(r -> {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the query cache failed", e);
            }
        });
    }
}
