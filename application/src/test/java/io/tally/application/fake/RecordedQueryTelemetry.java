package io.tally.application.fake;

import io.tally.application.port.out.QueryTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Query telemetry that writes down what it is told, as {@code cache:hit}, {@code rate-limited:ingest}, … */
public final class RecordedQueryTelemetry implements QueryTelemetry {

    private final List<String> reported = new ArrayList<>();

    @Override
    public synchronized void answered(String queryType, String source, Duration took) {
        reported.add("answered:" + queryType + ":" + source);
    }

    @Override
    public synchronized void cache(String outcome) {
        reported.add("cache:" + outcome);
    }

    @Override
    public synchronized void rateLimited(String kind) {
        reported.add("rate-limited:" + kind);
    }

    @Override
    public synchronized void rateLimiterUnavailable() {
        reported.add("rate-limiter-unavailable");
    }

    /** Everything reported so far, in order. */
    public synchronized List<String> reported() {
        return List.copyOf(reported);
    }
}
