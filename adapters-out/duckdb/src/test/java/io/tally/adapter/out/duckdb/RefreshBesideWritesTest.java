package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.AgreementCases;
import io.tally.adapter.out.memory.SessionsContract;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The rollup refresh runs beside the writer, not between its batches: ingestion does not stall for a refresh (which
 * takes seconds at millions of events), and every event is still folded exactly once.
 */
class RefreshBesideWritesTest {

    @Test
    void a_refresh_does_not_wait_for_a_batch_being_written(@TempDir Path dir) throws Exception {
        try (DuckDbStores store = DuckDbStores.open(DuckDbConfig.at(dir.resolve("beside.duckdb")))) {
            List<Event> events = events();
            store.eventStore().append(events);
            DuckDbEventWriter writer = (DuckDbEventWriter) store.eventStore();
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread batch = Thread.ofPlatform().start(() -> {
                try {
                    writer.betweenBatches(() -> { // holds the writer's lock as a batch being written does
                        writing.countDown();
                        release.await();
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writing.await();
            try {
                long folded = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> store.rollupStore().refresh());
                assertThat(folded).isEqualTo(events.size());
            } finally {
                release.countDown();
                batch.join();
            }
        }
    }

    @Test
    void refreshes_beside_a_stream_of_batches_fold_every_event_once(@TempDir Path dir) throws Exception {
        try (DuckDbStores store = DuckDbStores.open(DuckDbConfig.at(dir.resolve("stream.duckdb")))) {
            List<Event> events = events();
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong folded = new AtomicLong();
            Thread refresher = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    folded.addAndGet(store.rollupStore().refresh());
                    sleep(Duration.ofMillis(20)); // a few batches land between two refreshes, a few during one
                }
            });
            int batch = 40; // many commits for the refreshes to fall between and beside
            for (int from = 0; from < events.size(); from += batch) {
                store.eventStore().append(events.subList(from, Math.min(events.size(), from + batch)));
            }
            store.eventStore().append(events.subList(0, events.size() / 2)); // re-sent: folded no second time
            done.set(true);
            refresher.join();
            folded.addAndGet(store.rollupStore().refresh());

            assertThat(folded.get()).isEqualTo(events.size());
            for (AggregateQuery query : AgreementCases.rollupCases()) {
                assertThat(additive(store.rollupStore().aggregate(query))).as(query.toString())
                        .isEqualTo(additive(store.analyticsEngine().aggregate(query)));
                AggregateQuery sessions = new AggregateQuery(query.projectId(), query.range(), query.zone(), query.dimensions(),
                        query.filters(), EnumSet.of(Aggregates.Part.SESSIONS), query.totals());
                assertThat(SessionsContract.sessionFacts(store.rollupStore().sessions(sessions))).as(query.toString())
                        .isEqualTo(SessionsContract.sessionFacts(store.analyticsEngine().aggregate(sessions)));
            }
        }
    }

    @Test
    void refreshes_beside_a_stream_of_batches_find_every_shared_hash_and_leave_one_sketch_a_key(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hashes.duckdb");
        try (DuckDbStores store = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), HashCollisionTest.FOUR_BITS)) {
            List<Event> events = events();
            AtomicBoolean done = new AtomicBoolean();
            Thread refresher = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    store.rollupStore().refresh();
                    sleep(Duration.ofMillis(20));
                }
            });
            int batch = 40;
            for (int from = 0; from < events.size(); from += batch) {
                store.eventStore().append(events.subList(from, Math.min(events.size(), from + batch)));
            }
            done.set(true);
            refresher.join();
            store.rollupStore().refresh();

            assertThat(HashCollisionTest.recorded(file)).isEqualTo(HashCollisionTest.sharedHashes(events)).isNotEmpty();
            assertThat(HashCollisionTest.rows(file, """
                    SELECT count(*) FROM (SELECT project_id, hour, hours, event_type FROM visitor_sketches GROUP BY ALL HAVING count(*) > 1)"""))
                    .as("every key's rows compacted into one").containsExactly("0");
            // 16 hashes at most: the sketches count them exactly, as distinct hashes per hour (and day) and type
            assertThat(HashCollisionTest.rows(file, "SELECT count(*) FROM visitor_sketches WHERE hours = 1"))
                    .containsExactly(HashCollisionTest.rows(file, """
                            SELECT count(*) FROM (SELECT DISTINCT project_id, date_trunc('hour', ts), event_type FROM events)""")
                            .iterator().next());
            assertThat(HashCollisionTest.rows(file, "SELECT count(*) FROM visitor_sketches WHERE hours = 24"))
                    .containsExactly(HashCollisionTest.rows(file, """
                            SELECT count(*) FROM (SELECT DISTINCT project_id, date_trunc('day', ts), event_type FROM events)""")
                            .iterator().next());
            AggregateQuery all = new AggregateQuery("default", AgreementCases.ALL, ZoneId.of("UTC"), List.of(), List.of());
            long sketched = store.rollupStore().visitors(all).values().stream().mapToLong(Aggregates::visitors).sum();
            assertThat(sketched).isEqualTo(Long.parseLong(HashCollisionTest.rows(file,
                    "SELECT count(DISTINCT user_h) FROM events WHERE project_id = 'default'").iterator().next()));
        }
    }

    /** The agreement cases' days, fewer events: enough for sessions across batches, quick to write 40 at a time. */
    private static List<Event> events() {
        return TrafficGenerator.list(new TrafficGenerator.Settings(2_000, AgreementCases.DAYS, 21, AgreementCases.END, "default"));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<Group, List<Object>> additive(Map<Group, Aggregates> answer) {
        Map<Group, List<Object>> facts = new HashMap<>();
        answer.forEach((group, a) -> facts.put(group, List.of(a.events(), a.pageviews(), a.conversions(), a.revenue())));
        return facts;
    }
}
