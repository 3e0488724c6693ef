package io.tally.application.port.out;

import java.time.Duration;

/** What the query path reports about itself. */
public interface QueryTelemetry {

    /** One answered query, by its type ({@code timeseries}, …) and source ({@code raw}, {@code rollup}). */
    void answered(String queryType, String source, Duration took);

    /** One use of the query cache: {@code hit}, {@code miss}, {@code bypass} or {@code error}. */
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
