package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tally.ops.bench.Http.JSON;

/**
 * The large-data suite of issue 20: the dashboard queries of {@link IngestAndQueries#QUERIES}, then a breakdown by a
 * typed dimension (country), one by a custom property ({@code plan}, which {@code TrafficGenerator} puts on page views,
 * sign-ups and purchases), a session report, an entry-page and an exit-page report (the entry-page report groups
 * sessions by {@code prop:path}: a session counts in the row of its first selected event, so they are the sessions by
 * entry page; {@code entry_page} and {@code exit_page} are dimensions of their own, docs/analytics.md); a channel report,
 * {@code channels_30d} (visitors, sessions, bounce rate and mean session duration by {@code channel}: the channel of
 * the session's first event in the range, which ingest classified from its referrer and {@code utm_source}, so the
 * loaded events are classified as ingest would, {@link OriginEnrichment}); {@code report_page_filter_sessions_30d} (the
 * session metrics by UTC day of the sessions holding an event on {@code /pricing}: a filter that selects events, so the
 * sessions' length, page views and bounce are those of the whole sessions, docs/analytics.md "Whole sessions"); then
 * the funnel of {@link IngestAndQueries#QUERIES} with its time-to-convert histogram (step 1 to 3, ten bins), the same
 * funnel with its conversion trend by UTC day, strict, unordered, with an exclusion, counting conversions (every attempt
 * instead of each user's counted one) and broken down by two dimensions ({@code country} and {@code prop:plan}), a
 * stickiness and a lifecycle of page views by day over 30 days
 * (issue 22's insights), {@code trend_visitors_days_30d} (a multi-series trend: page-view and sign-up visitors by UTC
 * day over 30 days with the formula {@code B / A * 100}), {@code conversions_30d} (the conversions of a page goal,
 * {@code /docs/**}, and an event goal, {@code sign_up}, over 30 days; the goals of {@link #GOALS}, which
 * {@link #saveGoals} saves through the API before the server is asked) and {@code report_by_goal_30d} (visitors and
 * events by the {@code goal} dimension and {@code country} over 30 days: a row per saved goal of {@link #GOALS} and
 * country holding the events completing that goal, the totals over the events of any goal, each once;
 * docs/analytics.md "{@code goal} (reports"). Each has its hand-written twin
 * in {@link DuckDbHandSql} and {@link ClickHouseHandSql}.
 * Last, {@value #COMPARE_APPROX}: the compared report with {@code "accuracy": "approximate"}, whose visitors the sketches
 * estimate; its limit is the exact report's hand-written SQL (the exact answer, as fast as a person gets it), and its
 * visitors are checked against that within the stated error bound, not for equality ({@link AnswerRows#requireWithin}).
 */
final class LargeQueries {

    /**
     * The saved goals {@code conversions_30d} and {@code report_by_goal_30d} read, as {@code PUT /v1/goals/{name}}
     * takes them: the visits of the docs' pages below {@code /docs/} (of {@code TrafficGenerator}'s paths,
     * {@code /docs/api}; not {@code /docs} itself) and the sign-ups.
     */
    static final List<Map<String, Object>> GOALS = List.of(Map.of("name", "docs", "page", "/docs/**"),
            Map.of("name", "signup", "event", "sign_up"));

    /** The definitions the queries are parsed with in-process: {@link #GOALS}, as the server holds them once saved. */
    static final Definitions DEFINITIONS = definitions();

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
        all.add(new IngestAndQueries.Query("channels_30d", "/v1/query", Map.of("metrics",
                List.of("visitors", "sessions", "bounce_rate", "avg_session_duration"),
                "dimensions", List.of("channel"), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("report_page_filter_sessions_30d", "/v1/query", Map.of("metrics",
                List.of("sessions", "bounce_rate", "avg_session_duration", "views_per_session"),
                "dimensions", List.of("time:day"), "filters", List.of(List.of("is", "prop:path", List.of("/pricing"))),
                "date_range", "last_30d")));
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
        Map<String, Object> unordered = new LinkedHashMap<>(funnel.body());
        unordered.put("step_order", "unordered");
        all.add(new IngestAndQueries.Query("funnel_unordered_30d", funnel.path(), Map.copyOf(unordered)));
        Map<String, Object> excluding = new LinkedHashMap<>(funnel.body());
        excluding.put("exclusions", List.of(Map.of("event", "page_view", "from_step", 2, "to_step", 3)));
        all.add(new IngestAndQueries.Query("funnel_exclusion_30d", funnel.path(), Map.copyOf(excluding)));
        Map<String, Object> conversions = new LinkedHashMap<>(funnel.body());
        conversions.put("counting", "conversions");
        all.add(new IngestAndQueries.Query("funnel_conversions_30d", funnel.path(), Map.copyOf(conversions)));
        Map<String, Object> twoDimensions = new LinkedHashMap<>(funnel.body());
        twoDimensions.put("breakdown", List.of("country", "prop:plan"));
        all.add(new IngestAndQueries.Query("funnel_breakdown_two_dims_30d", funnel.path(), Map.copyOf(twoDimensions)));
        all.add(new IngestAndQueries.Query("stickiness_days_30d", "/v1/stickiness", Map.of("event", "page_view",
                "interval", "day", "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("lifecycle_days_30d", "/v1/lifecycle", Map.of("event", "page_view",
                "interval", "day", "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("trend_visitors_days_30d", "/v1/trends", Map.of("series", List.of(
                        Map.of("event", "page_view", "metric", "visitors"), Map.of("event", "sign_up", "metric", "visitors")),
                "formulas", List.of(Map.of("expression", "B / A * 100")), "interval", "day", "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("conversions_30d", "/v1/conversions", Map.of("goals",
                GOALS.stream().map(goal -> goal.get("name")).toList(), "date_range", "last_30d")));
        all.add(new IngestAndQueries.Query("report_by_goal_30d", "/v1/query", Map.of("metrics", List.of("visitors", "events"),
                "dimensions", List.of("goal", "country"), "date_range", "last_30d")));
        IngestAndQueries.Query compare = all.stream().filter(q -> q.name().equals("report_type_by_day_30d_compare")).findFirst()
                .orElseThrow();
        Map<String, Object> approximate = new LinkedHashMap<>(compare.body());
        approximate.put("accuracy", "approximate");
        all.add(new IngestAndQueries.Query(COMPARE_APPROX, compare.path(), Map.copyOf(approximate)));
        ALL = List.copyOf(all);
    }

    private LargeQueries() {
    }

    /**
     * Saves {@link #GOALS} on a started server ({@code PUT}: a goal already saved under its name is replaced by the same
     * one). The bench's server needs no key, so the admin route takes the call without one.
     */
    static void saveGoals(Tally tally) throws Exception {
        HttpClient client = Http.client();
        String base = "http://127.0.0.1:" + tally.port() + "/v1/goals/";
        for (Map<String, Object> goal : GOALS) {
            Http.put(client, base + goal.get("name"), JSON.writeValueAsBytes(goal));
        }
    }

    private static Definitions definitions() {
        Map<String, Goal> goals = new LinkedHashMap<>();
        RequestContext context = new RequestContext(IngestAndQueries.PROJECT, Instant.EPOCH, Definitions.NONE);
        for (Map<String, Object> body : GOALS) {
            switch (DefinitionRequests.goal(body, context)) {
                case Validated.Valid<Goal> valid -> goals.put(valid.value().name(), valid.value());
                case Validated.Invalid<Goal> invalid -> throw new IllegalStateException("goal " + body + ": " + invalid.violations());
            }
        }
        return new Definitions() {
            @Override
            public Optional<Kpi> kpi(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<CohortDefinition> cohort(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<Goal> goal(String name) {
                return Optional.ofNullable(goals.get(name));
            }

            @Override
            public List<Goal> goals() {
                return goals.values().stream().sorted(Comparator.comparing(Goal::name)).toList();
            }
        };
    }

    /**
     * The names of {@code --queries}, a comma list (empty: all); a name not of {@link #ALL} is an
     * {@link IllegalArgumentException} listing them, before any data is loaded.
     */
    static List<String> named(String list) {
        List<String> names = Arrays.stream(list.split(",")).map(String::strip).filter(name -> !name.isEmpty()).distinct().toList();
        List<String> known = ALL.stream().map(IngestAndQueries.Query::name).toList();
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--queries names no query " + unknown + "; the queries are " + known);
        }
        return names;
    }

    /** The queries of {@link #ALL} that {@code names} names, in their order there; all of them for no names. */
    static List<IngestAndQueries.Query> selected(List<String> names) {
        return names.isEmpty() ? ALL : ALL.stream().filter(query -> names.contains(query.name())).toList();
    }

    static boolean approximate(String query) {
        return query.endsWith(APPROXIMATE);
    }

    /** The query whose exact answer an approximate one is checked against (itself for an exact query). */
    static String exactTwin(String query) {
        return approximate(query) ? query.substring(0, query.length() - APPROXIMATE.length()) : query;
    }
}
