package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.time.TimeBuckets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /v1/timeseries} has always counted, written as plain loops over the events (the definition the engines'
 * own time-series SQL was held to before a time series became a report): per bucket of the range, the
 * {@code page_view} and {@code conversion} events in it, and the mean duration of the sessions whose first event in
 * the range falls in it (last minus first event in the range; 0 when no session starts there).
 */
public final class SeriesDefinition {

    private SeriesDefinition() {
    }

    /** The rows of the answer: every bucket's start and the query's metrics, in its order. */
    public static List<List<Object>> rows(List<Event> events, TimeseriesQuery query) {
        List<Event> inRange = events.stream()
                .filter(e -> e.projectId().equals(query.projectId()) && query.range().contains(e.timestamp()))
                .toList();
        Map<Instant, long[]> counts = new HashMap<>(); // page views, conversions, sessions, session milliseconds
        for (Event event : inRange) {
            long[] c = counts.computeIfAbsent(bucket(query, event.timestamp()), k -> new long[4]);
            c[0] += event.eventType().equals("page_view") ? 1 : 0;
            c[1] += event.eventType().equals("conversion") ? 1 : 0;
        }
        Map<String, Instant[]> sessions = new HashMap<>(); // first, last
        for (Event event : inRange) {
            sessions.merge(event.sessionId(), new Instant[]{event.timestamp(), event.timestamp()},
                    (a, b) -> new Instant[]{a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        for (Instant[] session : sessions.values()) {
            long[] c = counts.computeIfAbsent(bucket(query, session[0]), k -> new long[4]);
            c[2]++;
            c[3] += session[1].toEpochMilli() - session[0].toEpochMilli();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Instant start : TimeBuckets.covering(query.range(), query.granularity(), query.zone())) {
            long[] c = counts.getOrDefault(start, new long[4]);
            List<Object> row = new ArrayList<>(List.of(start));
            for (SeriesMetric metric : query.metrics()) {
                row.add(switch (metric) {
                    case PAGE_VIEWS -> c[0];
                    case CONVERSIONS -> c[1];
                    case AVG_SESSION_TIME -> c[2] == 0 ? 0.0 : c[3] / (double) c[2] / 1000.0;
                });
            }
            rows.add(row);
        }
        return rows;
    }

    private static Instant bucket(TimeseriesQuery query, Instant at) {
        return query.granularity().bucketStart(at, query.zone());
    }
}
