package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check for already-stored event ids (run before every insert) must not read the whole table, or loading grows
 * quadratic (a 10M-event load stalled past 350,000 events; later, with the check scoped by the batch's days, at
 * 1.4 M, because a batch of randomly timed events touches every day): it looks the ids up in a table sorted by them,
 * reading only the granules they may lie in, whatever the events' times.
 */
class ClickHouseResendCheckTest {

    @Test
    void the_stored_ids_check_reads_only_the_granules_that_may_hold_the_batch_ids() {
        ClickHouseStores stores = ChdbLibrary.freshStores();
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(60_000, 20, 11,
                Instant.parse("2026-11-20T00:00:00Z"), "default"));
        for (int from = 0; from < events.size(); from += 20_000) {
            assertThat(stores.eventStore().append(events.subList(from, from + 20_000))).isEqualTo(20_000);
        }
        assertThat(stores.eventStore().append(events.subList(0, 20_000))).as("a re-sent batch stores nothing").isZero();
        ChdbLibrary.shared().query("OPTIMIZE TABLE event_ids FINAL", "TSV"); // one part: its granules are the table's

        Event probe = events.get(12_345);
        String plan = ChdbLibrary.shared().query("EXPLAIN indexes = 1 " + ClickHouseSql.STORED_IDS, "TSV",
                Map.of("hex_projects", ClickHouseEventWriter.hexProjects(List.of(probe)), "hex_ids", ClickHouseEventWriter.hexIdChunks(List.of(probe, new Event("never-stored",
                        probe.projectId(), probe.userId(), probe.sessionId(), probe.eventType(), probe.timestamp(),
                        probe.properties(), probe.userAgent(), probe.ipAddress(), probe.receivedAt())), 1_000).getFirst()));
        Matcher byKey = Pattern.compile("PrimaryKey.*?Granules: (\\d+)/(\\d+)", Pattern.DOTALL).matcher(plan);
        assertThat(byKey.find()).as(plan).isTrue();
        int selected = Integer.parseInt(byKey.group(1));
        int total = Integer.parseInt(byKey.group(2));
        assertThat(total).as("60,000 ids in granules of 256:\n%s", plan).isGreaterThanOrEqualTo(60_000 / 256);
        assertThat(selected).as("granules left to read of %d:\n%s", total, plan).isBetween(1, 2);
    }

    /** An event sent without a timestamp takes its arrival time, so a retry of it can carry another day's time. */
    @Test
    void a_re_sent_event_is_found_even_when_its_time_changed() {
        ClickHouseStores stores = ChdbLibrary.freshStores();
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(2_000, 5, 12,
                Instant.parse("2026-11-20T00:00:00Z"), "default"));
        assertThat(stores.eventStore().append(events)).isEqualTo(2_000);
        List<Event> laterRetries = events.subList(0, 500).stream().map(e -> new Event(e.eventId(), e.projectId(),
                e.userId(), e.sessionId(), e.eventType(), e.timestamp().plus(Duration.ofDays(1)), e.properties(),
                e.userAgent(), e.ipAddress(), e.receivedAt().plus(Duration.ofDays(1)))).toList();
        assertThat(stores.eventStore().append(laterRetries)).isZero();
        assertThat(ChdbLibrary.shared().query("SELECT count() FROM events FINAL", "TSV").strip()).isEqualTo("2000");
        assertThat(ChdbLibrary.shared().query("SELECT sumMerge(events) FROM rollup_hourly", "TSV").strip()).isEqualTo("2000");
    }

    /**
     * The re-send check looks up every project of a batch at once: an id is a re-send only under its own project,
     * so an id stored under one project and sent under another is a new event.
     */
    @Test
    void a_batch_of_two_projects_finds_the_re_sends_of_each() {
        ClickHouseStores stores = ChdbLibrary.freshStores();
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(stores.eventStore().append(List.of(event("a1", "alpha", at), event("a2", "alpha", at), event("a3", "alpha", at),
                event("b1", "beta", at), event("b2", "beta", at)))).isEqualTo(5);
        // re-sends: alpha's a1 and a2 (a2 a day later), beta's b1; new: alpha's a4, beta's b3, and a3 under beta
        List<Event> batch = List.of(event("a1", "alpha", at), event("b1", "beta", at), event("a4", "alpha", at),
                event("a2", "alpha", at.plus(Duration.ofDays(1))), event("b3", "beta", at), event("a3", "beta", at));
        assertThat(stores.eventStore().append(batch)).isEqualTo(3);
        assertThat(ChdbLibrary.shared().query("SELECT project_id, arraySort(groupArray(event_id)) FROM events FINAL "
                + "GROUP BY project_id ORDER BY project_id", "TSV"))
                .isEqualTo("alpha\t['a1','a2','a3','a4']\nbeta\t['a3','b1','b2','b3']\n");
        assertThat(stores.eventStore().append(batch)).as("the same batch again").isZero();
    }

    private static Event event(String id, String project, Instant at) {
        return new Event(id, project, "u-" + id, "s-" + id, "page_view", at, Map.of(), "", "", at);
    }

    /** A server's driver writes the ids into the statement, which ClickHouse refuses past max_query_size: chunks stay under it. */
    @Test
    void a_large_batch_is_looked_up_in_chunks_that_hold_every_id_once() {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(3_000, 5, 13,
                Instant.parse("2026-11-20T00:00:00Z"), "default"));
        List<String> chunks = ClickHouseEventWriter.hexIdChunks(events, 10_000);
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(10_000));
        assertThat(chunks.stream().flatMap(chunk -> Arrays.stream(chunk.split(","))).map(hex ->
                new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8)).toList())
                .isEqualTo(events.stream().map(Event::eventId).toList());
    }
}
