package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check for already-stored event ids (run before every insert) must not read the whole table, or loading grows
 * quadratic (a 10M-event load stalled past 350,000 events): it reads only the batch's days (the sort key), and within
 * them the bloom filter on event_id skips granules for small batches.
 */
class ClickHouseResendCheckTest {

    @Test
    void the_stored_ids_check_reads_only_the_batch_days_and_granules_the_bloom_filter_cannot_rule_out() {
        ClickHouseStores stores = ChdbLibrary.freshStores();
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(60_000, 20, 11,
                Instant.parse("2026-11-20T00:00:00Z"), "default"));
        for (int from = 0; from < events.size(); from += 20_000) {
            assertThat(stores.eventStore().append(events.subList(from, from + 20_000))).isEqualTo(20_000);
        }
        assertThat(stores.eventStore().append(events.subList(0, 20_000))).as("a re-sent batch stores nothing").isZero();

        Event probe = events.get(12_345);
        String plan = ChdbLibrary.shared().query("EXPLAIN indexes = 1 " + ClickHouseSql.STORED_IDS, "TSV",
                Map.of("project", "default", "days", ClickHouseLiterals.stringArray(List.of(probe.timestamp().toString().substring(0, 10))),
                        "ids", ClickHouseLiterals.stringArray(List.of(probe.eventId(), "never-stored"))));
        Matcher byKey = Pattern.compile("PrimaryKey.*?Granules: (\\d+)/(\\d+)", Pattern.DOTALL).matcher(plan);
        assertThat(byKey.find()).as(plan).isTrue();
        assertThat(Integer.parseInt(byKey.group(1))).as("one day of twenty read by the sort key:\n%s", plan)
                .isLessThan(Integer.parseInt(byKey.group(2)));
        int index = plan.indexOf("event_id_bloom");
        assertThat(index).as("the plan uses the bloom filter:\n%s", plan).isPositive();
        Matcher granules = Pattern.compile("Granules: (\\d+)/(\\d+)").matcher(plan.substring(index));
        assertThat(granules.find()).as(plan).isTrue();
        int selected = Integer.parseInt(granules.group(1));
        int total = Integer.parseInt(granules.group(2));
        assertThat(selected).as("granules left to read of %d:\n%s", total, plan).isBetween(1, 2).isLessThanOrEqualTo(total);
    }
}
