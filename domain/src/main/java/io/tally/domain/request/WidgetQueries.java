package io.tally.domain.request;

import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a saved query of each widget kind through the rules of its endpoint: a report, funnel, retention, paths,
 * stickiness, lifecycle, trend or conversions query is that endpoint's JSON body; a time series is an object of the {@code GET /v1/timeseries} parameters.
 */
public final class WidgetQueries {

    private static final Set<String> TIMESERIES_FIELDS = Set.of("metric", "from", "to", "interval", "timezone");

    private WidgetQueries() {
    }

    /** What is wrong with the query for its kind, each field under {@code prefix}; empty when it reads. */
    public static List<Violation> check(WidgetKind kind, Object query, RequestContext context, String prefix) {
        Validated<?> parsed = switch (kind) {
            case REPORT -> ReportRequest.parse(query, context);
            case TIMESERIES -> timeseries(query, context);
            case FUNNEL -> FunnelRequest.parse(query, context);
            case RETENTION -> RetentionRequest.parse(query, context);
            case PATHS -> PathsRequest.parse(query, context);
            case STICKINESS -> StickinessRequest.parse(query, context);
            case LIFECYCLE -> LifecycleRequest.parse(query, context);
            case TREND -> TrendRequest.parse(query, context);
            case CONVERSIONS -> ConversionsRequest.parse(query, context);
        };
        return parsed instanceof Validated.Invalid<?> invalid ? under(prefix, invalid.violations()) : List.of();
    }

    public static Validated<TimeseriesQuery> timeseries(Object query, RequestContext context) {
        Wire wire = new Wire();
        Map<String, Object> object = wire.object(query, "", TIMESERIES_FIELDS);
        Optional<String> metric = wire.text(object, "metric", "metric");
        Optional<String> from = wire.text(object, "from", "from");
        Optional<String> to = wire.text(object, "to", "to");
        Optional<String> interval = wire.text(object, "interval", "interval");
        Optional<String> timezone = wire.text(object, "timezone", "timezone");
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new TimeseriesRequest(metric, from, to, interval, timezone).toQuery(context.projectId(), context.now());
    }

    /** The violations with each field placed under {@code prefix} ({@code widgets[2].query}). */
    public static List<Violation> under(String prefix, List<Violation> violations) {
        List<Violation> placed = new ArrayList<>();
        for (Violation v : violations) {
            String field = v.field().isEmpty() || v.field().equals("body") ? prefix : Wire.join(prefix, v.field());
            placed.add(new Violation(field, v.kind(), v.message()));
        }
        return placed;
    }
}
