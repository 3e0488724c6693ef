package io.tally.application.service;

import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.StoreException;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache policy's own rules, over a map. */
class CachePolicyTest {

    private static final TimeRange PAST = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-02T00:00:00Z"));

    /** A cache that keeps everything and never fails. */
    private static final class MapCache implements QueryCache {
        private final Map<String, byte[]> entries = new ConcurrentHashMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            entries.put(key, value);
        }

        @Override
        public long version(String projectId) {
            return 0;
        }

        @Override
        public void bump(String projectId) {
        }
    }

    @Test
    void a_store_failure_reaches_every_caller_sharing_the_miss_as_itself() throws Exception {
        CachePolicy policy = new CachePolicy(new MapCache(), CachePolicy.Settings.DEFAULT, QueryTelemetry.NONE, Clock.systemUTC());
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
