package io.tally.application.service;

import io.tally.application.port.in.QueryTimeseriesUseCase;
import io.tally.application.port.in.TimeseriesAnswer;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;

import java.time.Duration;

/** Answers time-series queries from raw events through the configured engine. */
public final class TimeseriesService implements QueryTimeseriesUseCase {

    private final AnalyticsEngine engine;
    private final QueryTelemetry telemetry;

    public TimeseriesService(AnalyticsEngine engine, QueryTelemetry telemetry) {
        this.engine = engine;
        this.telemetry = telemetry;
    }

    @Override
    public TimeseriesAnswer timeseries(TimeseriesQuery query) {
        long start = System.nanoTime();
        Timeseries series = Timeseries.assemble(query, engine.timeseries(query));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        telemetry.answered("timeseries", "raw", took);
        return new TimeseriesAnswer(series, "raw", took);
    }
}
