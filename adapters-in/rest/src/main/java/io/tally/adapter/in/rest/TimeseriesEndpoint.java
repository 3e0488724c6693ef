package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.QueryTimeseriesUseCase;
import io.tally.application.port.in.TimeseriesAnswer;
import io.tally.domain.event.Validated;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/timeseries?metric=page_views,conversions&from=…&to=…&interval=hour&timezone=…}, answered in the
 * chart-ready shape {@code {columns:[{name,type}], rows:[[…]], meta:{…}}}.
 */
final class TimeseriesEndpoint {

    /** Bucket starts as local time with offset, always with seconds: {@code 2026-11-28T10:00:00+01:00}. */
    private static final java.time.format.DateTimeFormatter BUCKET_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final QueryTimeseriesUseCase timeseries;
    private final RestSettings settings;

    TimeseriesEndpoint(QueryTimeseriesUseCase timeseries, RestSettings settings) {
        this.timeseries = timeseries;
        this.settings = settings;
    }

    void get(ServerRequest request, ServerResponse response) {
        TimeseriesRequest wire = new TimeseriesRequest(param(request, "metric").or(() -> param(request, "metrics")),
                param(request, "from"), param(request, "to"), param(request, "interval"), param(request, "timezone"));
        switch (wire.toQuery(KeyFilter.project(request, settings), settings.clock().instant())) {
            case Validated.Invalid<TimeseriesQuery> invalid ->
                    Problems.invalid(response, "Invalid time-series query", invalid.violations());
            case Validated.Valid<TimeseriesQuery> valid -> {
                TimeseriesAnswer answer = timeseries.timeseries(valid.value());
                response.header(HeaderNames.CONTENT_TYPE, "application/json");
                response.send(Json.write(chart(answer)));
            }
        }
    }

    private static Optional<String> param(ServerRequest request, String name) {
        return request.query().first(name).asOptional().filter(v -> !v.isBlank());
    }

    static Map<String, Object> chart(TimeseriesAnswer answer) {
        Timeseries series = answer.timeseries();
        TimeseriesQuery query = series.query();
        List<Map<String, String>> columns = new ArrayList<>();
        columns.add(Map.of("name", "time", "type", "time"));
        for (SeriesMetric metric : query.metrics()) {
            columns.add(Map.of("name", metric.label(), "type", metric.type()));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Timeseries.Row row : series.rows()) {
            List<Object> cells = new ArrayList<>();
            cells.add(BUCKET_TIME.format(row.bucketStart().atZone(query.zone())));
            cells.addAll(row.values());
            rows.add(cells);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("interval", query.granularity().label());
        meta.put("timezone", query.zone().getId());
        meta.put("from", query.range().from().toString());
        meta.put("to", query.range().to().toString());
        meta.put("source", answer.source());
        meta.put("query_ms", answer.took().toNanos() / 1_000_000.0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("meta", meta);
        return body;
    }
}
