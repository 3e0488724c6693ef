package io.tally.application.service;

import io.tally.application.fake.MemoryQueryCache;
import io.tally.application.fake.MovableClock;
import io.tally.application.fake.RecordedQueryTelemetry;
import io.tally.application.port.in.CachedAnswersUseCase.Cached;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.StoreException;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache policy's own rules, over a cache in a map and a clock moved by hand. Answers are fresh until their
 * computation time plus the TTL (exclusive): an hour for a range wholly before the current hour, ten seconds for one
 * reaching into it.
 */
class CachePolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final TimeRange PAST = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));
    /** Reaches into the current hour (10:00) at T0 and for the next hour. */
    private static final TimeRange RECENT = new TimeRange(T0.minus(Duration.ofHours(2)), T0.plus(Duration.ofHours(1)));
    private static final CachePolicy.Settings FRESH_ONLY = new CachePolicy.Settings(Duration.ofSeconds(10), Duration.ofHours(1), false);
    private static final CachePolicy.Settings SERVING_STALE = new CachePolicy.Settings(Duration.ofSeconds(10), Duration.ofHours(1), true);
    private static final Duration A_WHILE = Duration.ofSeconds(10); // only bounds a wait, so a broken policy fails instead of hanging

    private final MemoryQueryCache cache = new MemoryQueryCache();
    private final MovableClock clock = new MovableClock(T0);
    private final RecordedQueryTelemetry telemetry = new RecordedQueryTelemetry();

    private CachePolicy policy(CachePolicy.Settings settings) {
        return new CachePolicy(cache, settings, telemetry, clock);
    }

    /** Answers "v1", "v2", … one more each time it is computed. */
    private static Supplier<byte[]> counting(AtomicInteger computed) {
        return () -> bytes("v" + computed.incrementAndGet());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Cached cached) {
        return cached.status() + " " + new String(cached.body(), StandardCharsets.UTF_8);
    }

    @Test
    void a_past_answer_is_a_hit_for_an_hour_and_then_recomputed() {
        CachePolicy policy = policy(FRESH_ONLY);
        AtomicInteger computed = new AtomicInteger();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v1");
        clock.set(T0.plus(Duration.ofMinutes(59)).plusSeconds(59));
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("HIT v1");
        clock.set(T0.plus(Duration.ofHours(1))); // fresh until 11:00, not at it
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v2");
        assertThat(telemetry.reported()).containsExactly("cache:miss", "cache:hit", "cache:miss");
    }

    @Test
    void a_recent_answer_is_a_hit_for_ten_seconds() {
        CachePolicy policy = policy(FRESH_ONLY);
        AtomicInteger computed = new AtomicInteger();
        assertThat(text(policy.answer("p", "q", RECENT, "json", false, counting(computed)))).isEqualTo("MISS v1");
        clock.set(T0.plusMillis(9_999));
        assertThat(text(policy.answer("p", "q", RECENT, "json", false, counting(computed)))).isEqualTo("HIT v1");
        clock.set(T0.plusSeconds(10));
        assertThat(text(policy.answer("p", "q", RECENT, "json", false, counting(computed)))).isEqualTo("MISS v2");
    }

    @Test
    void past_its_freshness_an_answer_is_served_stale_while_one_refresh_replaces_it() throws Exception {
        CachePolicy policy = policy(SERVING_STALE);
        policy.answer("p", "q", PAST, "json", false, () -> bytes("v1"));
        clock.set(T0.plus(Duration.ofHours(1))); // no longer fresh, kept for an hour more
        AtomicInteger refreshes = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Supplier<byte[]> heldRefresh = () -> {
            refreshes.incrementAndGet();
            await(release);
            return bytes("v2");
        };
        // answered at once from the kept answer while the refresh is held; the second caller starts no second refresh
        assertThat(text(policy.answer("p", "q", PAST, "json", false, heldRefresh))).isEqualTo("STALE v1");
        assertThat(text(policy.answer("p", "q", PAST, "json", false, heldRefresh))).isEqualTo("STALE v1");
        release.countDown();
        assertThat(cache.awaitPuts(2, A_WHILE)).as("the refresh kept its answer").isTrue();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, () -> bytes("v3")))).isEqualTo("HIT v2");
        assertThat(refreshes).hasValue(1);
        assertThat(telemetry.reported()).containsExactly("cache:miss", "cache:stale", "cache:stale", "cache:hit");
    }

    @Test
    void a_stale_read_made_just_before_a_refresh_finished_starts_no_second_computation() throws Exception {
        CachePolicy policy = policy(SERVING_STALE);
        AtomicInteger computed = new AtomicInteger();
        policy.answer("p", "q", PAST, "json", false, counting(computed));
        clock.set(T0.plus(Duration.ofHours(1)));
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("STALE v1");
        assertThat(cache.awaitPuts(2, A_WHILE)).as("the refresh kept v2").isTrue();
        Thread.sleep(200); // the refresh lets its claim go just after its put

        cache.lagNextRead(); // this caller reads v1, as if just before the refresh's put landed
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("STALE v1");
        assertThat(cache.awaitPuts(3, Duration.ofMillis(500))).as("no second refresh kept anything").isFalse();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("HIT v2");
        assertThat(computed).hasValue(2);
    }

    @Test
    void identical_misses_in_flight_are_computed_once_and_shared() throws Exception {
        CachePolicy policy = policy(SERVING_STALE);
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<AtomicReference<String>> answers = new ArrayList<>();
        List<Thread> callers = new ArrayList<>();
        AtomicReference<String> first = new AtomicReference<>();
        answers.add(first);
        callers.add(Thread.ofPlatform().start(() -> first.set(text(policy.answer("p", "q", PAST, "json", false, () -> {
            computing.countDown();
            await(release);
            return bytes("v1");
        })))));
        computing.await();
        for (int i = 0; i < 3; i++) {
            AtomicReference<String> answer = new AtomicReference<>();
            answers.add(answer);
            Thread waiter = Thread.ofPlatform().start(() -> answer.set(text(policy.answer("p", "q", PAST, "json", false, () -> {
                throw new AssertionError("an identical miss in flight is computed once");
            }))));
            callers.add(waiter);
            while (waiter.getState() != Thread.State.WAITING) { // parked on the first caller's computation
                Thread.onSpinWait();
            }
        }
        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(answers).extracting(AtomicReference::get).containsOnly("MISS v1").hasSize(4);
    }

    @Test
    void a_forced_answer_is_computed_even_when_fresh_and_kept_for_the_next_caller() {
        CachePolicy policy = policy(SERVING_STALE);
        AtomicInteger computed = new AtomicInteger();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v1");
        assertThat(text(policy.answer("p", "q", PAST, "json", true, counting(computed)))).isEqualTo("BYPASS v2");
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("HIT v2");
        assertThat(telemetry.reported()).containsExactly("cache:miss", "cache:bypass", "cache:hit");
    }

    @Test
    void with_the_cache_down_every_answer_is_computed_without_it() {
        CachePolicy policy = policy(SERVING_STALE);
        AtomicInteger computed = new AtomicInteger();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v1");
        cache.goDown();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("BYPASS v2");
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("BYPASS v3");
        assertThat(telemetry.reported()).containsExactly("cache:miss", "cache:error", "cache:error");
    }

    @Test
    void a_new_data_version_is_never_answered_from_the_old_one() {
        CachePolicy policy = policy(SERVING_STALE);
        AtomicInteger computed = new AtomicInteger();
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v1");
        cache.bump("p"); // late events arrived for a past period
        assertThat(text(policy.answer("p", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v2");
        assertThat(text(policy.answer("other", "q", PAST, "json", false, counting(computed)))).isEqualTo("MISS v3");
    }

    @Test
    void serving_stale_keeps_an_answer_twice_its_time_to_live_and_no_longer() {
        for (CachePolicy.Settings settings : List.of(SERVING_STALE, FRESH_ONLY)) {
            CachePolicy policy = policy(settings);
            policy.answer("p-" + settings.serveStale(), "past", PAST, "json", false, () -> bytes("past"));
            policy.answer("p-" + settings.serveStale(), "recent", RECENT, "json", false, () -> bytes("recent"));
        }
        assertThat(cache.timesToLive())
                .containsExactly(Duration.ofHours(2), Duration.ofSeconds(20), Duration.ofHours(1), Duration.ofSeconds(10));
    }

    @Test
    void a_store_failure_reaches_every_caller_sharing_the_miss_as_itself() throws Exception {
        CachePolicy policy = new CachePolicy(cache, CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, clock);
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread computer = Thread.ofPlatform().start(() -> first.set(thrown(() -> policy.answer("p", "q", PAST, "json", false, () -> {
            computing.countDown();
            await(fail);
            throw new StoreException("the store did not answer", null);
        }))));
        computing.await();
        Thread waiter = Thread.ofPlatform().start(() -> second.set(thrown(() -> policy.answer("p", "q", PAST, "json", false,
                () -> {
                    throw new AssertionError("an identical miss in flight is computed once");
                }))));
        while (waiter.getState() != Thread.State.WAITING) { // parked on the first caller's computation
            Thread.onSpinWait();
        }
        fail.countDown();
        computer.join();
        waiter.join();
        // the REST adapter answers a StoreException with 503 and Retry-After; anything else would be a 500
        assertThat(first.get()).isInstanceOf(StoreException.class);
        assertThat(second.get()).isInstanceOf(StoreException.class).hasMessage("the store did not answer");
    }

    private static Throwable thrown(Runnable call) {
        try {
            call.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
