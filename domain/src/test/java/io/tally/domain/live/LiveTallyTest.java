package io.tally.domain.live;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A live tally's answer against counts made here by plain loops over the same events. */
class LiveTallyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:17:42Z");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static List<Event> events(int n, long seed) {
        Random random = new Random(seed);
        String[] types = {"page_view", "page_view", "conversion", "purchase"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = types[random.nextInt(types.length)];
            Instant at = NOW.minusSeconds(random.nextInt(50 * 60)); // some fall before the 30-minute window
            Map<String, PropertyValue> props = type.equals("purchase")
                    ? Map.of("revenue", PropertyValue.of(new BigDecimal(random.nextInt(100_000)).movePointLeft(2)))
                    : Map.of("country", PropertyValue.of(random.nextBoolean() ? "DE" : "IN"));
            events.add(new Event("e" + i, "p", "u" + random.nextInt(25), "s" + i, type, at, props, "", "", at));
        }
        return events;
    }

    @Test
    void perMinuteCountsEqualPlainCountsOverTheWindow() {
        LiveQuery.Scope scope = new LiveQuery.Scope("p", List.of(new Dimension.Time(Granularity.MINUTE), new Dimension.EventType()),
                List.of(), KOLKATA, Duration.ofMinutes(30));
        LiveQuery query = new LiveQuery(scope, List.of(new MetricRef.Builtin(Metric.EVENTS), new MetricRef.Builtin(Metric.VISITORS),
                new MetricRef.Builtin(Metric.REVENUE)), Duration.ofSeconds(1));
        List<Event> events = events(3_000, 1);
        LiveTally tally = new LiveTally(scope);
        List<Event> arrivals = new ArrayList<>(events);
        arrivals.addAll(events.subList(0, 500)); // re-sent: counted once
        arrivals.add(new Event("other", "q", "u1", "s", "page_view", NOW, Map.of(), "", "", NOW)); // another project
        Collections.shuffle(arrivals, new Random(2));
        Instant horizon = scope.range(NOW).from().minus(Duration.ofMinutes(1));
        arrivals.forEach(e -> tally.add(e, horizon));

        TimeRange range = query.range(NOW);
        assertThat(range).isEqualTo(new TimeRange(Instant.parse("2026-11-28T09:48:00Z"), Instant.parse("2026-11-28T10:18:00Z")));
        Report report = Report.assemble(query.report(NOW), tally.counts(range), Optional.empty());

        // by hand: per (minute, type) the events, distinct users and revenue in [from, to)
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Set<String>> users = new TreeMap<>();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Set<String> allUsers = new HashSet<>();
        long allEvents = 0;
        for (Event e : events) {
            if (!range.contains(e.timestamp())) {
                continue;
            }
            String key = e.timestamp().truncatedTo(ChronoUnit.MINUTES) + "|" + e.eventType();
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            users.computeIfAbsent(key, k -> new HashSet<>()).add(e.userId());
            if (e.properties().get("revenue") instanceof PropertyValue.Numeric n) {
                revenue.merge(key, n.value(), BigDecimal::add);
            }
            allUsers.add(e.userId());
            allEvents++;
        }
        int checked = 0;
        for (Report.Row row : report.rows()) {
            String key = row.dimensions().get(0) + "|" + row.dimensions().get(1);
            long expected = counts.getOrDefault(key, new long[1])[0];
            assertThat(row.metrics().get(0).longValue()).as(key).isEqualTo(expected);
            assertThat(row.metrics().get(1).longValue()).as(key).isEqualTo(users.getOrDefault(key, Set.of()).size());
            assertThat(new BigDecimal(row.metrics().get(2).toString()).compareTo(revenue.getOrDefault(key, BigDecimal.ZERO)))
                    .as(key).isZero();
            checked += expected > 0 ? 1 : 0;
        }
        assertThat(checked).isEqualTo(counts.size());
        assertThat(report.totals().get(0).longValue()).isEqualTo(allEvents).isLessThan(3_000);
        assertThat(report.totals().get(1).longValue()).isEqualTo(allUsers.size());
    }

    @Test
    void filtersHoursAndEvictionFollowTheWindow() {
        Filter.Match germany = new Filter.Match(FilterOp.IS, Dimension.fromLabel("prop:country").orElseThrow(), List.of("DE"));
        LiveQuery.Scope scope = new LiveQuery.Scope("p", List.of(new Dimension.Time(Granularity.HOUR)), List.of(germany),
                KOLKATA, Duration.ofMinutes(10));
        LiveTally tally = new LiveTally(scope);
        List<Event> events = events(2_000, 3);
        Instant horizon = scope.range(NOW).from().minus(Duration.ofMinutes(1));
        events.forEach(e -> tally.add(e, horizon));
        Instant later = NOW.plus(Duration.ofMinutes(5));
        tally.evict(scope.range(later).from().minus(Duration.ofMinutes(1)));

        TimeRange range = scope.range(later);
        long expected = events.stream().filter(e -> range.contains(e.timestamp()))
                .filter(e -> e.properties().get("country") instanceof PropertyValue.Text t && t.value().equals("DE")).count();
        ReportQuery report = new LiveQuery(scope, List.of(new MetricRef.Builtin(Metric.EVENTS)), Duration.ofSeconds(5)).report(later);
        Report answer = Report.assemble(report, tally.counts(range), Optional.empty());
        assertThat(answer.totals().getFirst().longValue()).isEqualTo(expected).isPositive();
        // Kolkata is UTC+05:30: the hour bucket of 10:17Z starts at 09:30Z
        assertThat(answer.rows().stream().map(r -> r.dimensions().getFirst().toString()))
                .contains("2026-11-28T09:30:00Z");
        assertThat(tally.size()).isLessThan(events.size());
    }
}
