package io.tally.adapter.out.redis;

import io.tally.adapter.out.localcache.LocalQueryCache;
import io.tally.application.fake.MovableClock;
import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.service.CachePolicy;
import io.tally.domain.time.TimeRange;
import io.tally.ops.redis.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link QueryCache} contract for the local (Caffeine) and the Redis adapter, and the policy over each. */
class QueryCacheContractTest {

    private static LocalRedis redisServer;
    private static RedisQueryCache redis;

    @BeforeAll
    static void start(@TempDir Path dir) {
        redisServer = LocalRedis.start(dir);
        redis = RedisQueryCache.connect(redisServer.address(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        redis.close();
        redisServer.close();
    }

    static Stream<QueryCache> caches() {
        return Stream.of(LocalQueryCache.create(10_000_000), redis);
    }

    private static final TimeRange PAST = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void keeps_values_for_their_time_to_live(QueryCache cache) throws InterruptedException {
        String key = "k-" + UUID.randomUUID();
        assertThat(cache.get(key)).isEmpty();
        cache.put(key, "answer".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(700));
        assertThat(cache.get(key)).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("answer"));
        Thread.sleep(1_200);
        assertThat(cache.get(key)).isEmpty();
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void versions_move_by_project(QueryCache cache) {
        String project = "p-" + UUID.randomUUID();
        long before = cache.version(project);
        cache.bump(project);
        assertThat(cache.version(project)).isEqualTo(before + 1);
        assertThat(cache.version("other-" + project)).isZero();
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void hits_return_what_the_miss_computed_and_late_data_retires_it(QueryCache cache) {
        CachePolicy policy = new CachePolicy(cache, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, Clock.systemUTC());
        String project = "p-" + UUID.randomUUID();
        AtomicInteger computed = new AtomicInteger();
        var miss = policy.answer(project, "the question", PAST, "test", false, () -> ("v" + computed.incrementAndGet()).getBytes());
        var hit = policy.answer(project, "the question", PAST, "test", false, () -> ("v" + computed.incrementAndGet()).getBytes());
        assertThat(miss.status()).isEqualTo("MISS");
        assertThat(hit.status()).isEqualTo("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(policy.answer(project, "the question", PAST, "test", true, () -> "forced".getBytes()).status()).isEqualTo("BYPASS");
        cache.bump(project); // late events arrived for a past period
        var after = policy.answer(project, "the question", PAST, "test", false, () -> ("v" + computed.incrementAndGet()).getBytes());
        assertThat(after.status()).isEqualTo("MISS");
        assertThat(new String(after.body())).isEqualTo("v2");
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void no_answer_counted_before_a_utc_midnight_is_served_after_it(QueryCache cache) {
        // the retention's horizon moves at midnight UTC: a day leaves every answer, so the entries of the day before go
        MovableClock clock = new MovableClock(Instant.parse("2026-11-28T23:59:59Z"));
        CachePolicy policy = new CachePolicy(cache, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, clock);
        String project = "p-" + UUID.randomUUID();
        assertThat(policy.answer(project, "q", PAST, "test", false, () -> "before".getBytes()).status()).isEqualTo("MISS");
        assertThat(policy.answer(project, "q", PAST, "test", false, () -> "again".getBytes()).status()).isEqualTo("HIT");
        clock.set(Instant.parse("2026-11-29T00:00:01Z"));
        var after = policy.answer(project, "q", PAST, "test", false, () -> "after".getBytes());
        assertThat(after.status()).isEqualTo("MISS");
        assertThat(new String(after.body())).isEqualTo("after");
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void fifty_identical_misses_compute_once(QueryCache cache) throws Exception {
        CachePolicy policy = new CachePolicy(cache, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, Clock.systemUTC());
        String project = "p-" + UUID.randomUUID();
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CachedAnswersUseCase.Cached>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return policy.answer(project, "slow", PAST, "test", false, () -> {
                        computed.incrementAndGet();
                        sleep(500);
                        return "done".getBytes();
                    });
                }));
            }
            go.countDown();
            for (Future<CachedAnswersUseCase.Cached> answer : answers) {
                assertThat(new String(answer.get().body())).isEqualTo("done");
            }
        }
        assertThat(computed.get()).isEqualTo(1);
    }


    private static final Instant MID_DAY = Instant.parse("2026-11-28T10:00:00Z");
    private static final CachePolicy.Settings SERVING_STALE = new CachePolicy.Settings(Duration.ofSeconds(10), Duration.ofHours(1), true);

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void past_its_freshness_an_answer_is_served_stale_while_one_refresh_replaces_it(QueryCache cache) throws Exception {
        MovableClock clock = new MovableClock(MID_DAY); // moved an hour on: never across a UTC midnight, which retires every entry
        CachePolicy policy = new CachePolicy(cache, SERVING_STALE, QueryTelemetry.NONE, clock);
        String project = "p-" + UUID.randomUUID();
        assertThat(policy.answer(project, "q", PAST, "test", false, () -> "v1".getBytes()).status()).isEqualTo("MISS");

        clock.advance(Duration.ofMinutes(61)); // past the hour a past answer is fresh for
        AtomicInteger refreshes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<CachedAnswersUseCase.Cached>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> policy.answer(project, "q", PAST, "test", false, () -> {
                    refreshes.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "v2".getBytes();
                })));
            }
            for (Future<CachedAnswersUseCase.Cached> answer : answers) {
                // answered at once from the kept answer, while the refresh is still held
                assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo("STALE");
                assertThat(new String(answer.get().body())).isEqualTo("v1");
                assertThat(answer.get().hit()).isTrue();
            }
            release.countDown();
        }
        String status = "";
        for (int i = 0; i < 100 && !status.equals("HIT"); i++) {
            var answer = policy.answer(project, "q", PAST, "test", false, () -> "v3".getBytes());
            status = answer.status();
            if (status.equals("HIT")) {
                assertThat(new String(answer.body())).isEqualTo("v2");
            }
            sleep(20);
        }
        assertThat(status).as("the refresh replaced the answer").isEqualTo("HIT");
        assertThat(refreshes.get()).as("fifty stale answers, one refresh").isEqualTo(1);
    }

    @ParameterizedTest(autoCloseArguments = false) // the shared Redis client outlives each case
    @MethodSource("caches")
    void without_serving_stale_an_answer_past_its_freshness_is_recomputed_while_the_caller_waits(QueryCache cache) {
        MovableClock clock = new MovableClock(MID_DAY);
        CachePolicy policy = new CachePolicy(cache, new CachePolicy.Settings(Duration.ofSeconds(10), Duration.ofHours(1), false),
                QueryTelemetry.NONE, clock);
        String project = "p-" + UUID.randomUUID();
        policy.answer(project, "q", PAST, "test", false, () -> "v1".getBytes());
        clock.advance(Duration.ofMinutes(61));
        var answer = policy.answer(project, "q", PAST, "test", false, () -> "v2".getBytes());
        assertThat(answer.status()).isEqualTo("MISS");
        assertThat(new String(answer.body())).isEqualTo("v2");
    }

    @Test
    void with_redis_down_queries_are_answered_without_the_cache_and_it_comes_back() {
        CachePolicy policy = new CachePolicy(redis, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, Clock.systemUTC());
        String project = "p-" + UUID.randomUUID();
        redisServer.stop();
        try {
            var answer = policy.answer(project, "q", PAST, "test", false, () -> "computed".getBytes());
            assertThat(answer.status()).isEqualTo("BYPASS");
            assertThat(new String(answer.body())).isEqualTo("computed");
        } finally {
            redisServer.restart();
        }
        String status = "";
        for (int i = 0; i < 50 && !status.equals("HIT"); i++) { // the client reconnects on its own
            status = policy.answer(project, "q", PAST, "test", false, () -> "again".getBytes()).status();
            sleep(100);
        }
        assertThat(status).isEqualTo("HIT");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
