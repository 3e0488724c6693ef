package io.tally.application.port.out;

import io.tally.domain.query.SourcePlanner;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the query path reports about itself. */
public interface QueryTelemetry {

    /** A trend's source when its series' reports are planned differently; when they share a plan, that plan's. */
    String MIXED = "mixed";

    /** The sources a trend reports: any plan of a report, or {@link #MIXED}. */
    List<String> TREND_SOURCES = Stream.concat(SourcePlanner.LABELS.stream(), Stream.of(MIXED)).toList();

    /** The query types {@link #answered} reports, each with the sources it can be answered from. */
    Map<String, List<String>> QUERY_SOURCES = Map.of("timeseries", SourcePlanner.EXACT_LABELS, "report", SourcePlanner.LABELS,
            "funnel", List.of("raw"), "retention", List.of("raw"), "paths", List.of("raw"),
            "stickiness", List.of("raw"), "lifecycle", List.of("raw"), "trend", TREND_SOURCES,
            "conversions", SourcePlanner.EXACT_LABELS);

    /** The outcomes {@link #cache} reports. */
    List<String> CACHE_OUTCOMES = List.of("hit", "stale", "miss", "bypass", "error");

    /** The limits {@link #rateLimited} reports. */
    List<String> RATE_LIMIT_KINDS = List.of("ingest", "query");

    /** One answered query, by its type ({@code timeseries}, …) and source ({@code raw}, {@code rollup}). */
    void answered(String queryType, String source, Duration took);

    /** One use of the query cache: {@code hit}, {@code stale}, {@code miss}, {@code bypass} or {@code error}. */
    default void cache(String outcome) {
    }

    /** A request refused by a rate limit ({@code ingest} or {@code query}). */
    default void rateLimited(String kind) {
    }

    /** A request let through because the rate limiter's backend could not be asked (fail-open). */
    default void rateLimiterUnavailable() {
    }

    /** Reports nothing; for tests of the core. */
    QueryTelemetry NONE = (queryType, source, took) -> { };
}
