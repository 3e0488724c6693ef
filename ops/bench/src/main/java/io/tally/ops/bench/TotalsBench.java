package io.tally.ops.bench;

import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.ReportRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.validation.Validated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A report's groups and totals asked as two statements per period (the old way) beside one statement per period
 * with grouping sets (the new way), on the same store and data in one run: the engine time of the benchmark's
 * "events + visitors by type and day, 30 days, previous period" report. Old and new alternate in each repeat so a
 * noisy machine weighs on both alike; both answers are checked equal first.
 * <pre>
 * java -cp "$CP" io.tally.ops.bench.TotalsBench --store duckdb --events 1000000 --repeats 9 [--chdb libchdb.so]
 * </pre>
 */
final class TotalsBench {

    private TotalsBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--store", "duckdb", "--events", "1000000", "--repeats", "9"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String kind = options.get("--store");
        long events = Long.parseLong(options.get("--events"));
        int repeats = Integer.parseInt(options.get("--repeats"));
        Path chdb = options.containsKey("--chdb") ? Path.of(options.get("--chdb")) : null;
        Path place = Files.createTempDirectory("tally-totals-bench").resolve(kind.equals("duckdb") ? "tally.duckdb" : "clickhouse");
        try (BenchStore store = BenchStore.open(kind, place, chdb)) {
            load(store, events);
            ReportQuery report = report();
            AggregateQuery current = report.aggregation();
            AggregateQuery previous = current.over(report.compare().orElseThrow().shift(report.range(), report.zone()));
            List<AggregateQuery> periods = List.of(current, previous);
            for (AggregateQuery period : periods) {
                if (!twoStatements(store, period).equals(oneStatement(store, period))) {
                    throw new IllegalStateException("one statement answers differently from two for " + period);
                }
            }
            List<Long> old = new ArrayList<>();
            List<Long> now = new ArrayList<>();
            for (int i = 0; i < repeats + 2; i++) {
                long t = System.nanoTime();
                periods.forEach(period -> twoStatements(store, period));
                long oldNanos = System.nanoTime() - t;
                t = System.nanoTime();
                periods.forEach(period -> oneStatement(store, period));
                long newNanos = System.nanoTime() - t;
                if (i >= 2) { // the first two are warm-up
                    old.add(oldNanos);
                    now.add(newNanos);
                }
            }
            System.out.printf("%s, %,d events, report_type_by_day_30d_compare engine time over %d repeats:%n", kind, events, repeats);
            System.out.printf("  two statements per period (totals, then groups): p50 %.0f ms, min %.0f ms, max %.0f ms%n",
                    Measure.percentileMs(old, 50), Measure.percentileMs(old, 0), Measure.percentileMs(old, 100));
            System.out.printf("  one statement per period (grouping sets):        p50 %.0f ms, min %.0f ms, max %.0f ms%n",
                    Measure.percentileMs(now, 50), Measure.percentileMs(now, 0), Measure.percentileMs(now, 100));
        }
    }

    /** What {@code QueryService} asked before: the totals, then the groups. */
    private static Map<Group, Aggregates> twoStatements(BenchStore store, AggregateQuery period) {
        Map<Group, Aggregates> answer = new HashMap<>(store.analytics().aggregate(period));
        answer.putAll(store.analytics().aggregate(period.withoutDimensions()));
        return answer;
    }

    private static Map<Group, Aggregates> oneStatement(BenchStore store, AggregateQuery period) {
        return store.analytics().aggregate(period.withTotals());
    }

    private static ReportQuery report() {
        IngestAndQueries.Query query = IngestAndQueries.QUERIES.stream()
                .filter(q -> q.name().equals("report_type_by_day_30d_compare")).findFirst().orElseThrow();
        RequestContext context = new RequestContext(IngestAndQueries.PROJECT, Instant.now(), Definitions.NONE);
        return switch (ReportRequest.parse(query.body(), context)) {
            case Validated.Valid<ReportQuery> valid -> valid.value();
            case Validated.Invalid<ReportQuery> invalid -> throw new IllegalArgumentException(invalid.violations().toString());
        };
    }

    /** The large suite's data: 60 days ending now, in batches of 50,000, as {@code QueryBench} loads it. */
    private static void load(BenchStore store, long count) {
        long started = System.nanoTime();
        Iterator<Event> events = TrafficGenerator.events(new TrafficGenerator.Settings(count, 60, 1,
                Instant.now().truncatedTo(ChronoUnit.HOURS), IngestAndQueries.PROJECT)).iterator();
        List<Event> batch = new ArrayList<>(50_000);
        while (events.hasNext()) {
            batch.add(events.next());
            if (batch.size() == 50_000 || !events.hasNext()) {
                store.events().append(batch);
                batch.clear();
            }
        }
        store.rollups().refresh();
        System.out.printf("loaded %,d events into %s in %.0f s%n", count, store.events().getClass().getSimpleName(),
                Measure.seconds(started));
    }
}
