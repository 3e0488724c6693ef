package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live traffic: 200,000 events generated over a day, then re-timed in their order into one UTC hour (as a busy site's
 * current hour), written in 20 batches with a refresh after every third, so each compaction merges sessions whose
 * fragments came from several batches of the same hour, and the last two batches leave sessions in several fragments
 * for the final refresh. The sessions kept per hour must give what the raw events give, by entry page, exit page and
 * hour. (Struct-typed fragments crashed the process in DuckDB 1.5.6 at about a million such events, migration 11; this
 * test is smaller and does not reproduce that crash.)
 */
class LiveHourSessionsTest {

    private static final int EVENTS = 200_000;
    private static final int BATCH = 10_000;
    private static final Instant HOUR = Instant.parse("2026-12-01T10:00:00Z");
    private static final TimeRange RANGE = new TimeRange(HOUR.minusSeconds(3_600), HOUR.plusSeconds(7_200));

    private static DuckDbStores duck;
    private static String project;
    private static long sessionsInSeveralFragmentsBeforeTheLastRefresh;

    @BeforeAll
    static void writeAnHourOfLiveTraffic(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("live.duckdb")));
        TrafficGenerator.Settings settings = new TrafficGenerator.Settings(EVENTS, 1, 7, HOUR, "live");
        project = settings.projectId();
        Iterator<Event> generated = TrafficGenerator.chronological(settings).iterator();
        long microsApart = 3_600_000_000L / EVENTS;
        List<Event> batch = new ArrayList<>(BATCH);
        for (int n = 0, batches = 0; generated.hasNext(); n++) {
            Event e = generated.next();
            Instant ts = HOUR.plusNanos(n * microsApart * 1_000);
            batch.add(new Event(e.eventId(), e.projectId(), e.userId(), e.sessionId(), e.eventType(), ts, e.properties(),
                    e.userAgent(), e.ipAddress(), ts));
            if (batch.size() == BATCH || !generated.hasNext()) {
                duck.eventStore().append(batch);
                batch.clear();
                if (++batches % 3 == 0) {
                    duck.rollupStore().refresh();
                }
            }
        }
        sessionsInSeveralFragmentsBeforeTheLastRefresh = Long.parseLong(duck.rawQuery("""
                SELECT count(*) FROM (SELECT 1 FROM session_fragments GROUP BY project_id, hour, session_h HAVING count(*) > 1)""")
                .getFirst().getFirst());
        duck.rollupStore().refresh();
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    private static Map<Group, List<Long>> keptAgreeWithRaw(Dimension dimension) {
        AggregateQuery query = new AggregateQuery(project, RANGE, ZoneId.of("UTC"), List.of(dimension), List.of()).withTotals();
        Map<Group, List<Long>> kept = new HashMap<>();
        duck.rollupStore().sessions(query).forEach((group, a) -> kept.put(group, facts(a)));
        Map<Group, List<Long>> raw = new HashMap<>();
        duck.analyticsEngine().aggregate(query).forEach((group, a) -> {
            if (a.sessions() > 0) {
                raw.put(group, facts(a));
            }
        });
        assertThat(kept).isEqualTo(raw);
        return kept;
    }

    private static List<Long> facts(Aggregates a) {
        return List.of(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews());
    }

    @Test
    void every_session_of_the_hour_is_kept_as_one_fragment() {
        assertThat(sessionsInSeveralFragmentsBeforeTheLastRefresh).as("the last refresh had sessions to merge").isGreaterThan(100);
        assertThat(duck.rawQuery("SELECT count(*), count(DISTINCT session_h) FROM session_fragments"))
                .containsExactly(duck.rawQuery("SELECT count(DISTINCT session_h), count(DISTINCT session_h) FROM events").getFirst());
        assertThat(duck.rawQuery("SELECT count(DISTINCT session_h) > 10000 FROM events")).containsExactly(List.of("true"));
    }

    @Test
    void sessions_by_entry_page_exit_page_and_hour_are_those_of_the_raw_events() {
        assertThat(keptAgreeWithRaw(new Dimension.Property("path"))).hasSizeGreaterThan(2);
        assertThat(keptAgreeWithRaw(new Dimension.ExitPage())).hasSizeGreaterThan(2);
        Map<Group, List<Long>> byHour = keptAgreeWithRaw(new Dimension.Time(Granularity.HOUR));
        assertThat(byHour).containsKey(Group.of("2026-12-01T10:00:00Z"));
        assertThat(byHour.get(Group.NONE).getFirst()).isEqualTo(
                Long.parseLong(duck.rawQuery("SELECT count(DISTINCT session_h) FROM events").getFirst().getFirst()));
    }
}
