package io.tally.adapter.out.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import java.time.Duration;

/** How every Redis part of Tally connects: one server, commands and connects within {@code timeout}, no retries. */
final class RedisClients {

    private RedisClients() {
    }

    /**
     * A client of {@code address} ({@code redis://host:port}) holding up to {@code poolSize} connections. No retries:
     * a caller that cannot wait (the store path, a rate-limit decision) is better told at once.
     */
    static RedissonClient connect(String address, Duration timeout, int poolSize) {
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.useSingleServer().setAddress(address)
                .setTimeout((int) timeout.toMillis())
                .setConnectTimeout((int) timeout.toMillis())
                .setRetryAttempts(0)
                .setConnectionMinimumIdleSize(Math.min(2, poolSize))
                .setConnectionPoolSize(poolSize);
        return Redisson.create(config);
    }
}
