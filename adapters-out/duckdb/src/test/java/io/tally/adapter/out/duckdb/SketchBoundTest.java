package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.query.VisitorSketch;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Past k users the sketches estimate: 200,000 users through the store, each with one page view, user i on day i % 2
 * at hour (i / 2) % 24, every tenth (all on day 0) also converting. By construction each day has 100,000 visitors,
 * day 0 has 20,000 converted visitors, and every estimate must lie within the stated 95 % bound of its count.
 */
class SketchBoundTest {

    private static final int USERS = 200_000;
    private static final Instant DAY_0 = Instant.parse("2026-10-05T00:00:00Z");
    private static DuckDbStores duck;

    @BeforeAll
    static void load(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("bound.duckdb")));
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            Instant at = DAY_0.plus(Duration.ofDays(i % 2)).plus(Duration.ofHours((i / 2) % 24)).plusSeconds(i % 3600);
            batch.add(event("pv-" + i, "u-" + i, "page_view", at));
            if (i % 10 == 0) {
                batch.add(event("cv-" + i, "u-" + i, "conversion", at.plusSeconds(1)));
            }
            if (batch.size() >= 20_000) {
                duck.eventStore().append(batch);
                batch = new ArrayList<>();
                if (i > USERS / 2 && i < USERS / 2 + 20_000) {
                    duck.rollupStore().refresh(); // halfway, the rows so far are compacted; the rest stay one a batch
                }
            }
        }
        duck.eventStore().append(batch);
    }

    private static Event event(String id, String user, String type, Instant at) {
        return new Event(id, "default", user, "s-" + user, type, at, Map.of(), "", "", at);
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Test
    void estimates_past_k_users_stay_within_the_stated_bound() {
        Map<Group, Aggregates> answer = duck.rollupStore().visitors(new AggregateQuery("default",
                new TimeRange(DAY_0, DAY_0.plus(Duration.ofDays(2))), ZoneId.of("UTC"),
                List.of(new Dimension.Time(Granularity.DAY)), List.of()).withTotals());
        double bound = VisitorSketch.errorBound(VisitorSketch.LG_K);
        Aggregates day0 = answer.get(Group.of("2026-10-05T00:00:00Z"));
        Aggregates day1 = answer.get(Group.of("2026-10-06T00:00:00Z"));
        Aggregates all = answer.get(Group.NONE);
        assertThat(day0.visitors()).isCloseTo(100_000L, within(Math.round(100_000 * bound)));
        assertThat(day0.convertedVisitors()).isCloseTo(20_000L, within(Math.round(20_000 * bound)));
        assertThat(day1.visitors()).isCloseTo(100_000L, within(Math.round(100_000 * bound)));
        assertThat(day1.convertedVisitors()).isZero();
        assertThat(all.visitors()).isCloseTo(200_000L, within(Math.round(200_000 * bound)));
        assertThat(all.convertedVisitors()).isCloseTo(20_000L, within(Math.round(20_000 * bound)));
        assertThat(all.visitors()).as("an estimate, not an exact count, at this size").isNotEqualTo(200_000L);
    }
}
