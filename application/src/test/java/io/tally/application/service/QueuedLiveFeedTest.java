package io.tally.application.service;

import io.tally.application.port.out.LiveFeed;
import io.tally.domain.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Live tallying runs on its own thread: storing never waits for it, and what does not fit is read again, not lost. */
class QueuedLiveFeedTest {

    /** A live feed as slow as one can be: it holds the thread that feeds it until let go. */
    private static final class HeldFeed implements LiveFeed {
        final CountDownLatch letGo = new CountDownLatch(1);
        final List<List<Event>> got = new CopyOnWriteArrayList<>();
        final AtomicInteger rereads = new AtomicInteger();

        @Override
        public void stored(List<Event> events) {
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.add(events);
        }

        @Override
        public void missed() {
            rereads.incrementAndGet();
        }
    }

    private static int ids;

    private static List<Event> events(int n) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = Instant.parse("2026-11-28T10:00:00Z");
            events.add(new Event("e" + ids++, "p", "u", "s", "page_view", at, Map.of(), "", "", at));
        }
        return events;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void storing_only_hands_the_batch_over() throws InterruptedException {
        HeldFeed held = new HeldFeed();
        try (QueuedLiveFeed feed = new QueuedLiveFeed(held, 100)) {
            List<Event> batch = new ArrayList<>(events(10));
            feed.stored(batch); // with the live feed on this thread, the test would stop here
            batch.clear(); // the writer may reuse its list
            feed.stored(events(10));
            assertThat(held.got).isEmpty();
            assertThat(feed.waitingEvents()).isEqualTo(20);

            held.letGo.countDown();
            await(() -> held.got.size() == 2);
            assertThat(held.got.getFirst()).hasSize(10);
            await(() -> feed.waitingEvents() == 0);
            assertThat(feed.missedEvents()).isZero();
            assertThat(held.rereads).hasValue(0);
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_batch_that_does_not_fit_is_counted_and_the_live_views_read_the_store_again() throws InterruptedException {
        HeldFeed held = new HeldFeed();
        try (QueuedLiveFeed feed = new QueuedLiveFeed(held, 25)) {
            feed.stored(events(10)); // taken, and held: still waiting until counted
            feed.stored(events(10)); // 20 waiting
            feed.stored(events(10)); // 30 would not fit: not waited for
            assertThat(feed.missedEvents()).isEqualTo(10);
            assertThat(held.rereads).hasValue(0); // not while the queue is behind

            held.letGo.countDown();
            await(() -> held.rereads.get() == 1);
            assertThat(held.got).hasSize(2);
            assertThat(feed.waitingEvents()).isZero();
        }
    }
}
