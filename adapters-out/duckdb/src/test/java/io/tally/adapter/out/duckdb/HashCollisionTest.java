package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.event.IdHash;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Retention;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids under a 4-bit hash: the rollup refresh records every shared hash, queries count a project by its ids from then
 * on, a reopened store remembers, the expiry forgets.
 */
class HashCollisionTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");
    static final IdHashing FOUR_BITS = new IdHashing(4);

    private static List<Event> events(String project, long count, int days) {
        return TrafficGenerator.list(new TrafficGenerator.Settings(count, days, 7, END, project));
    }

    /** "project kind hash" for every hash two distinct ids of a project share, worked out here from the ids. */
    static Set<String> sharedHashes(List<Event> events) {
        Set<String> shared = new HashSet<>();
        for (int kind : List.of(HashCollisions.USER, HashCollisions.SESSION)) {
            Function<Event, String> id = kind == HashCollisions.USER ? Event::userId : Event::sessionId;
            Map<String, Set<String>> ids = new HashMap<>();
            for (Event event : events) {
                String key = event.projectId() + " " + kind + " " + Long.toUnsignedString(FOUR_BITS.of(IdHash.of(id.apply(event))));
                ids.computeIfAbsent(key, k -> new HashSet<>()).add(id.apply(event));
            }
            ids.forEach((key, distinct) -> {
                if (distinct.size() > 1) {
                    shared.add(key);
                }
            });
        }
        return shared;
    }

    static Set<String> rows(Path file, String sql) throws Exception {
        Set<String> rows = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static Set<String> recorded(Path file) throws Exception {
        return rows(file, "SELECT project_id || ' ' || kind || ' ' || h FROM hash_collisions");
    }

    @Test
    void every_hash_two_ids_share_is_recorded_whatever_the_batches_and_refreshes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("batches.duckdb");
        List<Event> events = new ArrayList<>(events("a", 2_000, 5));
        events.addAll(events("b", 40, 1)); // a few users: some of their hashes are shared, others not
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), FOUR_BITS)) {
            for (int from = 0, batch = 0; from < events.size(); from += 97, batch++) {
                duck.eventStore().append(events.subList(from, Math.min(events.size(), from + 97)));
                duck.eventStore().append(events.subList(from / 2, from / 2 + 10)); // re-sent: adds nothing
                if (batch % 3 == 0) {
                    duck.rollupStore().refresh(); // each refresh checks the rows of one to three batches
                }
            }
            duck.rollupStore().refresh();
            assertThat(recorded(file)).isEqualTo(sharedHashes(events)).isNotEmpty();
            // each kept id is an id of its hash, and every hash of a stored id is kept
            Set<String> kept = rows(file, "SELECT project_id || ' ' || kind || ' ' || h || ' ' || id FROM id_hashes");
            Set<String> possible = new HashSet<>();
            for (Event e : events) {
                possible.add(e.projectId() + " 1 " + Long.toUnsignedString(FOUR_BITS.of(IdHash.of(e.userId()))) + " " + e.userId());
                possible.add(e.projectId() + " 2 " + Long.toUnsignedString(FOUR_BITS.of(IdHash.of(e.sessionId()))) + " " + e.sessionId());
            }
            assertThat(possible).containsAll(kept);
            assertThat(kept.stream().map(k -> k.substring(0, k.lastIndexOf(' '))).distinct().count())
                    .isEqualTo(possible.stream().map(k -> k.substring(0, k.lastIndexOf(' '))).distinct().count());
        }
    }

    private static long visitors(DuckDbStores duck, String project, TimeRange range) {
        Map<Group, Aggregates> answer = duck.analyticsEngine().aggregate(
                new AggregateQuery(project, range, ZoneId.of("UTC"), List.of(), List.of()));
        return answer.values().stream().mapToLong(Aggregates::visitors).sum();
    }

    @Test
    void a_reopened_store_still_counts_a_colliding_project_by_its_ids(@TempDir Path dir) {
        Path file = dir.resolve("reopen.duckdb");
        List<Event> events = events("a", 1_000, 3);
        long users = events.stream().map(Event::userId).distinct().count();
        TimeRange all = new TimeRange(END.minus(Duration.ofDays(3)), END);
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), FOUR_BITS)) {
            duck.eventStore().append(events);
            duck.rollupStore().refresh();
        }
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), FOUR_BITS)) {
            assertThat(users).isGreaterThan(16);
            assertThat(visitors(duck, "a", all)).isEqualTo(users);
        }
    }

    @Test
    void the_expiry_forgets_the_ids_of_expired_events_and_the_collisions_only_they_made(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("expiry.duckdb");
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        // project x: u-old (expiring) and u-new share a hash; project y: a pair sharing one that both stay
        String[] pair = pairUnderOneHash("u-", 0);
        String[] kept = pairUnderOneHash("k-", 0);
        List<Event> events = List.of(
                event("x", "1", pair[0], day.minus(Duration.ofDays(2))),
                event("x", "2", pair[1], day.plus(Duration.ofHours(1))),
                event("y", "3", kept[0], day.plus(Duration.ofHours(1))),
                event("y", "4", kept[1], day.plus(Duration.ofHours(2))));
        Clock clock = Clock.fixed(day.plus(Duration.ofHours(12)), ZoneOffset.UTC);
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), new Retention(1), clock, FOUR_BITS)) {
            duck.eventStore().append(events);
            duck.rollupStore().refresh();
            assertThat(recorded(file)).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1]).contains("x 1", "y 1");
            assertThat(duck.eventExpiry().expireBefore(day)).isEqualTo(1);
            assertThat(recorded(file)).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1]).doesNotContain("x 1").contains("y 1");
            assertThat(rows(file, "SELECT id FROM id_hashes")).doesNotContain(pair[0]).contains(pair[1], kept[0]);
            TimeRange range = new TimeRange(day, day.plus(Duration.ofDays(1)));
            assertThat(visitors(duck, "x", range)).isEqualTo(1);
            assertThat(visitors(duck, "y", range)).isEqualTo(2);
        }
    }

    @Test
    void a_shared_hash_counts_once_until_the_next_refresh_finds_it_then_each_id_counts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("window.duckdb");
        Instant hour = Instant.parse("2026-11-27T10:00:00Z");
        String[] pair = pairUnderOneHash("w-", 0);
        TimeRange range = new TimeRange(hour, hour.plus(Duration.ofHours(1)));
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), FOUR_BITS)) {
            duck.eventStore().append(List.of(event("z", "1", pair[0], hour.plusSeconds(60))));
            duck.rollupStore().refresh();
            duck.eventStore().append(List.of(event("z", "2", pair[1], hour.plusSeconds(120))));
            // the documented window: two ids under one hash, not yet checked, count as one visitor
            assertThat(recorded(file)).isEmpty();
            assertThat(visitors(duck, "z", range)).isEqualTo(1);

            duck.rollupStore().refresh();

            assertThat(recorded(file)).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1]).contains("z 1");
            assertThat(visitors(duck, "z", range)).isEqualTo(2);
        }
    }

    @Test
    void an_id_whose_kept_twin_expired_before_the_refresh_checked_it_becomes_the_kept_id(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unchecked.duckdb");
        Instant day = Instant.parse("2026-11-20T00:00:00Z");
        String[] pair = pairUnderOneHash("v-", 0);
        Clock clock = Clock.fixed(day.plus(Duration.ofHours(12)), ZoneOffset.UTC);
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), new Retention(1), clock, FOUR_BITS)) {
            duck.eventStore().append(List.of(event("x", "1", pair[0], day.minus(Duration.ofDays(2)))));
            duck.rollupStore().refresh();
            duck.eventStore().append(List.of(event("x", "2", pair[1], day.plus(Duration.ofHours(1))))); // not yet checked
            assertThat(duck.eventExpiry().expireBefore(day)).isEqualTo(1);

            duck.rollupStore().refresh();

            assertThat(recorded(file)).as("one id left under the hash: no collision").isEmpty();
            assertThat(rows(file, "SELECT id FROM id_hashes WHERE kind = 1")).containsExactly(pair[1]);
            assertThat(visitors(duck, "x", new TimeRange(day, day.plus(Duration.ofDays(1))))).isEqualTo(1);
        }
    }

    @Test
    void ids_checked_twice_are_kept_once(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("twice.duckdb");
        List<Event> events = events("a", 500, 2);
        try (DuckDbStores duck = DuckDbStores.open(DuckDbConfig.at(file), Retention.ALL, Clock.systemUTC(), FOUR_BITS);
             Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            duck.eventStore().append(events);
            // as a database written before the check moved: the writer had recorded the ids above the watermark
            connection.setAutoCommit(false);
            IdHashes.record(connection, 0, Long.MAX_VALUE, new HashCollisions());
            connection.commit();
            connection.setAutoCommit(true);
            Set<String> before = rows(file, "SELECT project_id || ' ' || kind || ' ' || h || ' ' || id FROM id_hashes");

            duck.rollupStore().refresh();

            assertThat(rows(file, "SELECT count(*) FROM id_hashes")).containsExactly(String.valueOf(before.size()));
            assertThat(rows(file, "SELECT project_id || ' ' || kind || ' ' || h || ' ' || id FROM id_hashes")).isEqualTo(before);
            assertThat(recorded(file)).isEqualTo(sharedHashes(events));
        }
    }

    /** Two ids, {@code prefix} and a number, sharing a 4-bit hash, found by trying numbers from {@code from}. */
    private static String[] pairUnderOneHash(String prefix, int from) {
        Map<Long, String> seen = new HashMap<>();
        for (int i = from; ; i++) {
            String id = prefix + i;
            String other = seen.putIfAbsent(FOUR_BITS.of(IdHash.of(id)), id);
            if (other != null) {
                return new String[] {other, id};
            }
        }
    }

    private static Event event(String project, String id, String user, Instant at) {
        return new Event("e-" + id, project, user, "s-" + id, "page_view", at, Map.of(), "", "", at);
    }
}
