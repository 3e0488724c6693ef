package io.tally.adapter.out.redis;

import io.tally.adapter.out.localcache.LocalRateLimiter;
import io.tally.application.port.out.RateLimiter;
import io.tally.ops.redis.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets, local and on a real redis-server, and two nodes sharing one Redis. */
class RateLimiterContractTest {

    private static LocalRedis redisServer;
    private static RedisRateLimiter nodeA;
    private static RedisRateLimiter nodeB;

    @BeforeAll
    static void start(@TempDir Path dir) {
        redisServer = LocalRedis.start(dir);
        nodeA = RedisRateLimiter.connect(redisServer.address(), Duration.ofSeconds(2));
        nodeB = RedisRateLimiter.connect(redisServer.address(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        nodeB.close();
        redisServer.close();
    }

    static Stream<RateLimiter> limiters() {
        return Stream.of(LocalRateLimiter.create(), nodeA);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("limiters")
    void a_burst_of_twice_the_capacity_admits_the_capacity(RateLimiter limiter) {
        RateLimiter.Limit limit = new RateLimiter.Limit(100, Duration.ofMinutes(1)); // refills ~1.7 tokens a second
        String bucket = "b-" + UUID.randomUUID();
        int admitted = 0;
        RateLimiter.Decision last = null;
        for (int i = 0; i < 200; i++) {
            last = limiter.take(bucket, 1, limit);
            admitted += last.allowed() ? 1 : 0;
        }
        assertThat(admitted).isBetween(100, 105);
        assertThat(last.allowed()).isFalse();
        assertThat(last.retryAfterSeconds()).isPositive();
        assertThat(last.remaining()).isLessThan(1);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("limiters")
    void a_batch_takes_as_many_tokens_as_it_has_events(RateLimiter limiter) {
        RateLimiter.Limit limit = new RateLimiter.Limit(1_000, Duration.ofSeconds(1));
        String bucket = "b-" + UUID.randomUUID();
        assertThat(limiter.take(bucket, 700, limit).allowed()).isTrue();
        RateLimiter.Decision refused = limiter.take(bucket, 700, limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isBetween(300L, 330L);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("limiters")
    void more_tokens_than_the_capacity_are_refused_as_never_fitting_and_nothing_is_taken(RateLimiter limiter) {
        RateLimiter.Limit limit = new RateLimiter.Limit(500, Duration.ofSeconds(1));
        String bucket = "b-" + UUID.randomUUID();
        for (int attempt = 0; attempt < 3; attempt++) {
            RateLimiter.Decision tooLarge = limiter.take(bucket, 600, limit);
            assertThat(tooLarge.allowed()).isFalse();
            assertThat(tooLarge.overCapacity()).isTrue();
            assertThat(tooLarge.retryAfterSeconds()).as("waiting never helps").isZero();
            assertThat(tooLarge.remaining()).isEqualTo(500);
        }
        RateLimiter.Decision whole = limiter.take(bucket, 500, limit);
        assertThat(whole.allowed()).as("the refusals took nothing").isTrue();
        assertThat(whole.overCapacity()).isFalse();
        RateLimiter.Decision empty = limiter.take(bucket, 400, limit);
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.overCapacity()).as("it fits once the bucket refills").isFalse();
        assertThat(empty.retryAfterSeconds()).isPositive();
    }

    @Test
    void two_nodes_share_one_limit() {
        RateLimiter.Limit limit = new RateLimiter.Limit(100, Duration.ofMinutes(1));
        String bucket = "shared-" + UUID.randomUUID();
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += nodeA.take(bucket, 1, limit).allowed() ? 1 : 0;
            admitted += nodeB.take(bucket, 1, limit).allowed() ? 1 : 0;
        }
        assertThat(admitted).as("within 5% of the limit, not twice it").isBetween(100, 105);
    }

    @Test
    void with_redis_down_it_fails_open_and_counts_it() {
        redisServer.stop();
        try {
            assertThat(nodeA.take("any", 1, new RateLimiter.Limit(1, Duration.ofMinutes(1))).allowed()).isTrue();
            assertThat(nodeA.failures()).isPositive();
        } finally {
            redisServer.restart();
        }
        // the client reconnects on its own; wait for it so later cases meet a working Redis
        for (RedisRateLimiter node : List.of(nodeA, nodeB)) {
            long before = -1;
            for (int i = 0; i < 100 && before != node.failures(); i++) {
                before = node.failures();
                node.take("warm-up", 1, new RateLimiter.Limit(1_000_000, Duration.ofSeconds(1)));
                if (before != node.failures()) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
