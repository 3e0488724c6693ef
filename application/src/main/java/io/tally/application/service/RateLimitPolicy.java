package io.tally.application.service;

import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.application.port.out.RateLimiter;

import java.time.Duration;
import java.util.Map;

/**
 * Limits per caller (an API key), sized per project: events per second for ingestion, requests per minute for
 * queries; a project may have its own.
 */
public final class RateLimitPolicy implements AdmitRequestsUseCase {

    /** @param ingestPerSecond events a second; @param queriesPerMinute query requests a minute */
    public record Limits(long ingestPerSecond, long queriesPerMinute) {
    }

    private final RateLimiter limiter;
    private final Limits defaults;
    private final Map<String, Limits> perProject;
    private final QueryTelemetry telemetry;

    public RateLimitPolicy(RateLimiter limiter, Limits defaults, Map<String, Limits> perProject, QueryTelemetry telemetry) {
        this.limiter = limiter;
        this.telemetry = telemetry;
        this.defaults = defaults;
        this.perProject = Map.copyOf(perProject);
    }

    private Limits limits(String projectId) {
        return perProject.getOrDefault(projectId, defaults);
    }

    @Override
    public Admission admitIngest(String projectId, String caller, int events) {
        return counted("ingest", limiter.take("ingest:" + caller, Math.max(1, events),
                new RateLimiter.Limit(limits(projectId).ingestPerSecond(), Duration.ofSeconds(1))));
    }

    @Override
    public Admission admitQuery(String projectId, String caller) {
        return counted("query", limiter.take("query:" + caller, 1,
                new RateLimiter.Limit(limits(projectId).queriesPerMinute(), Duration.ofMinutes(1))));
    }

    private Admission counted(String kind, RateLimiter.Decision decision) {
        if (!decision.allowed()) {
            telemetry.rateLimited(kind);
        }
        if (decision.failedOpen()) {
            telemetry.rateLimiterUnavailable();
        }
        return new Admission(decision.allowed(), decision.limit(), decision.remaining(), decision.resetSeconds(),
                decision.retryAfterSeconds(), decision.overCapacity());
    }
}
