package io.tally.adapter.out.sql;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Group;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** A report's answer read from rows by column name, whatever order the columns come in. */
class ReportRowsTest {

    private static final AggregateQuery BY_DAY_AND_COUNTRY = new AggregateQuery("p1",
            new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z")), ZoneOffset.UTC,
            List.of(new Dimension.Time(Granularity.DAY), new Dimension.Property("country")), List.of()).withTotals();

    private static NamedColumns row(String d0, String d1, String totals, String events, String revenue) {
        Map<String, String> columns = new HashMap<>();
        columns.put("session_pageviews", "7");
        columns.put("d1", d1);
        columns.put("revenue", revenue);
        columns.put("totals", totals);
        columns.put("events", events);
        columns.put("visitors", "2");
        columns.put("sessions", "3");
        columns.put("pageviews", "4");
        columns.put("bounces", "1");
        columns.put("entries", "2");
        columns.put("session_ms", "60000");
        columns.put("conversions", "5");
        columns.put("converted_visitors", "6");
        columns.put("d0", d0);
        columns.put("g", "0");
        return new NamedColumns(columns);
    }

    @Test
    void a_groups_row_is_keyed_by_its_dimension_values_and_a_time_key_is_its_bucket_start() {
        Map<Group, Aggregates> answer = new HashMap<>();
        // 1767225600000 ms is 2026-01-01T00:00:00Z
        ReportRows.add(BY_DAY_AND_COUNTRY, row("1767225600000", "FR", "0", "10", "12.5"), answer);
        ReportRows.add(BY_DAY_AND_COUNTRY, row("1767225600000", null, "0", "11", "0"), answer);
        assertThat(answer).containsOnly(
                entry(Group.of("2026-01-01T00:00:00Z", "FR"),
                        new Aggregates(10, 2, 3, 4, 1, 60_000, 7, 5, 6, new BigDecimal("12.5"), 2)),
                entry(Group.of("2026-01-01T00:00:00Z", null),
                        new Aggregates(11, 2, 3, 4, 1, 60_000, 7, 5, 6, BigDecimal.ZERO, 2)));
    }

    @Test
    void the_totals_row_is_the_one_marked_whatever_its_keys_hold() {
        Map<Group, Aggregates> answer = new HashMap<>();
        ReportRows.add(BY_DAY_AND_COUNTRY, row(null, null, "0", "1", "0"), answer);
        ReportRows.add(BY_DAY_AND_COUNTRY, row("0", "", "1", "21", "12.500000"), answer);
        assertThat(answer.get(Group.of(null, null)).events()).isEqualTo(1);
        assertThat(answer.get(Group.NONE)).isEqualTo(new Aggregates(21, 2, 3, 4, 1, 60_000, 7, 5, 6, new BigDecimal("12.5"), 2));
    }
}
