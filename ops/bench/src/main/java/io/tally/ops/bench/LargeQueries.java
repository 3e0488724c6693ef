package io.tally.ops.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The large-data suite of issue 20: the dashboard queries of {@link IngestAndQueries#QUERIES}, then a breakdown by a
 * typed dimension (country), one by a custom property ({@code plan}, which {@code TrafficGenerator} puts on page views,
 * sign-ups and purchases), a session report, an entry-page and an exit-page report. There is no entry-page dimension:
 * a session counts in the row of its first selected event, so sessions by {@code prop:path} are the sessions by entry
 * page; the exit page is a dimension of its own, {@code exit_page} (docs/analytics.md); then the funnel of
 * {@link IngestAndQueries#QUERIES} with its time-to-convert histogram (step 1 to 3, ten bins), the same funnel with its
 * conversion trend by UTC day, a stickiness and a lifecycle of page views by day over 30 days
 * (issue 22's insights). Each has its hand-written twin
 * in {@link DuckDbHandSql} and {@link ClickHouseHandSql}.
 * Last, {@value #COMPARE_APPROX}: the compared report with {@code "accuracy": "approximate"}, whose visitors the sketches
 * estimate; its limit is the exact report's hand-written SQL (the exact answer, as fast as a person gets it), and its
 * visitors are checked against that within the stated error bound, not for equality ({@link AnswerRows#requireWithin}).
 */
final class LargeQueries {

    static final List<IngestAndQueries.Query> ALL;

    /** The suffix of a query answered approximately; its exact twin is the name without it. */
    static final String APPROXIMATE = "_approx";
    static final String COMPARE_APPROX = "report_type_by_day_30d_compare" + APPROXIMATE;

    static {
        List<IngestAndQueries.Query> all = new ArrayList<>(IngestAndQueries.QUERIES);
        all.add(new IngestAndQueries.Query("breakdown_country_30d", "/v1/query", Map.of("metrics", List.of("events", "visitors"),
                "dimensions", List.of("country"), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("breakdown_custom_prop_30d", "/v1/query", Map.of("metrics", List.of("events", "visitors"),
                "dimensions", List.of("prop:plan"), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("session_metrics_30d", "/v1/query", Map.of("metrics",
                List.of("sessions", "bounce_rate", "avg_session_duration", "views_per_session"),
                "dimensions", List.of("time:day"), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("entry_pages_30d", "/v1/query", Map.of("metrics", List.of("sessions", "bounce_rate"),
                "dimensions", List.of("prop:path"), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("exit_pages_30d", "/v1/query", Map.of("metrics", List.of("sessions", "bounce_rate"),
                "dimensions", List.of("exit_page"), "date_range", "last_30d")));
        IngestAndQueries.Query funnel = all.stream().filter(q -> q.name().equals("funnel_3_steps_30d")).findFirst().orElseThrow();
        Map<String, Object> timeToConvert = new LinkedHashMap<>(funnel.body());
        timeToConvert.put("time_to_convert", Map.of("from_step", 1, "to_step", 3, "bins", 10));
        all.add(new IngestAndQueries.Query("funnel_time_to_convert_30d", funnel.path(), Map.copyOf(timeToConvert)));
        Map<String, Object> trend = new LinkedHashMap<>(funnel.body());
        trend.put("interval", "day");
        all.add(new IngestAndQueries.Query("funnel_trend_days_30d", funnel.path(), Map.copyOf(trend)));
        Map<String, Object> strict = new LinkedHashMap<>(funnel.body());
        strict.put("step_order", "strict");
        all.add(new IngestAndQueries.Query("funnel_strict_30d", funnel.path(), Map.copyOf(strict)));
        Map<String, Object> excluding = new LinkedHashMap<>(funnel.body());
        excluding.put("exclusions", List.of(Map.of("event", "page_view", "from_step", 2, "to_step", 3)));
        all.add(new IngestAndQueries.Query("funnel_exclusion_30d", funnel.path(), Map.copyOf(excluding)));
        all.add(new IngestAndQueries.Query("stickiness_days_30d", "/v1/stickiness", Map.of("event", "page_view",
                "interval", "day", "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("lifecycle_days_30d", "/v1/lifecycle", Map.of("event", "page_view",
                "interval", "day", "date_range", "last_30d")));
        IngestAndQueries.Query compare = all.stream().filter(q -> q.name().equals("report_type_by_day_30d_compare")).findFirst()
                .orElseThrow();
        Map<String, Object> approximate = new LinkedHashMap<>(compare.body());
        approximate.put("accuracy", "approximate");
        all.add(new IngestAndQueries.Query(COMPARE_APPROX, compare.path(), Map.copyOf(approximate)));
        ALL = List.copyOf(all);
    }

    private LargeQueries() {
    }

    static boolean approximate(String query) {
        return query.endsWith(APPROXIMATE);
    }

    /** The query whose exact answer an approximate one is checked against (itself for an exact query). */
    static String exactTwin(String query) {
        return approximate(query) ? query.substring(0, query.length() - APPROXIMATE.length()) : query;
    }
}
