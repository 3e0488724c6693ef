package io.tally.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The large-data suite of issue 20: the dashboard queries of {@link IngestAndQueries#QUERIES}, then a breakdown by a
 * typed dimension (country), one by a custom property ({@code plan}, which {@code TrafficGenerator} puts on page views,
 * sign-ups and purchases), a session report, an entry-page and an exit-page report. There is no entry-page dimension:
 * a session counts in the row of its first selected event, so sessions by {@code prop:path} are the sessions by entry
 * page; the exit page is a dimension of its own, {@code exit_page} (docs/analytics.md). Each has its hand-written twin
 * in {@link DuckDbHandSql} and {@link ClickHouseHandSql}.
 */
final class LargeQueries {

    static final List<IngestAndQueries.Query> ALL;

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
        ALL = List.copyOf(all);
    }

    private LargeQueries() {
    }
}
