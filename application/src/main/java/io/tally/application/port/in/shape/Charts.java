package io.tally.application.port.in.shape;

import io.tally.application.port.in.Answer;
import io.tally.application.port.in.Exactness;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.goal.Conversions;
import io.tally.domain.lifecycle.Lifecycle;
import io.tally.domain.lifecycle.LifecycleCounts;
import io.tally.domain.path.Paths;
import io.tally.domain.query.Accuracy;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.SeriesMetric;
import io.tally.domain.query.Timeseries;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionMatrix;
import io.tally.domain.stickiness.Stickiness;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import io.tally.domain.validation.Violation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers in the chart-ready shape every API sends (REST and live as JSON, GraphQL as the same fields): {@code columns},
 * {@code rows}, {@code totals}, {@code comparison}, {@code meta}; plain maps, lists, strings and numbers.
 */
public final class Charts {

    /** Times as local time with offset, always with seconds: {@code 2026-11-28T10:00:00+01:00}. */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private Charts() {
    }

    public static String time(Instant instant, ZoneId zone) {
        return LOCAL_TIME.format(instant.atZone(zone));
    }

    public static Map<String, Object> report(Answer<Report> answer) {
        Report report = answer.result();
        ReportQuery query = report.query();
        List<Map<String, String>> columns = new ArrayList<>();
        for (Dimension dimension : query.dimensions()) {
            columns.add(Map.of("name", dimension.label(), "type", dimension instanceof Dimension.Time ? "time" : "dimension"));
        }
        for (MetricRef metric : query.metrics()) {
            columns.add(Map.of("name", metric.label(), "type", "metric"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Report.Row row : report.rows()) {
            List<Object> cells = new ArrayList<>();
            for (Object value : row.dimensions()) {
                cells.add(value instanceof Instant instant ? time(instant, query.zone()) : value);
            }
            cells.addAll(row.metrics());
            rows.add(cells);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("totals", byMetric(query, report.totals()));
        report.comparison().ifPresent(c -> {
            Map<String, Object> comparison = new LinkedHashMap<>();
            comparison.put("date_range", range(c.range(), query.zone()));
            comparison.put("rows", c.rows());
            comparison.put("totals", byMetric(query, c.totals()));
            comparison.put("change_percent", c.change());
            comparison.put("totals_change_percent", byMetric(query, c.totalsChange()));
            body.put("comparison", comparison);
        });
        Map<String, Object> meta = meta(answer, query.range(), query.zone());
        exactness(meta, answer.exactness());
        body.put("meta", meta);
        return body;
    }

    /**
     * {@code accuracy} ({@code exact} or {@code approximate}); an approximate answer's {@code error_bound}, the
     * relative error of its visitor counts at 95 % confidence; {@code accuracy_reason} when approximate was asked
     * for and the exact answer given.
     */
    private static void exactness(Map<String, Object> meta, Exactness exactness) {
        meta.put("accuracy", exactness.accuracy().label());
        if (exactness.accuracy() == Accuracy.APPROXIMATE) {
            meta.put("error_bound", exactness.errorBound());
        }
        exactness.whyExact().ifPresent(reason -> meta.put("accuracy_reason", reason));
    }

    private static Map<String, Object> byMetric(ReportQuery query, List<? extends Number> values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < query.metrics().size(); i++) {
            map.put(query.metrics().get(i).label(), values.get(i));
        }
        return map;
    }

    public static Map<String, Object> funnel(Answer<Funnel> answer) {
        Funnel funnel = answer.result();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of("step", "event", "users", "conversion_from_first", "conversion_from_previous",
                "drop_off", "median_seconds_to_convert", "mean_seconds_to_convert"));
        body.put("rows", steps(funnel.overall()));
        List<Map<String, Object>> breakdown = new ArrayList<>();
        for (Funnel.Breakdown b : funnel.breakdown()) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (b.values().size() == 1) {
                row.put("value", b.value());
            }
            row.put("values", b.values());
            row.put("rows", steps(b.steps()));
            funnel.query().trend().ifPresent(interval -> row.put("trend", trend(b.trend())));
            breakdown.add(row);
        }
        body.put("breakdown", breakdown);
        funnel.timeToConvert().ifPresent(times -> body.put("time_to_convert", timeToConvert(times)));
        funnel.query().trend().ifPresent(interval -> body.put("trend", trend(funnel.trend())));
        Map<String, Object> meta = meta(answer, funnel.query().range(), funnel.query().zone());
        meta.put("conversion_window_seconds", funnel.query().window().toSeconds());
        if (funnel.query().brokenDown()) {
            List<String> labels = funnel.query().breakdown().stream().map(Dimension::label).toList();
            if (labels.size() == 1) {
                meta.put("breakdown", labels.getFirst());
            }
            meta.put("breakdowns", labels);
            meta.put("breakdown_attribution", funnel.query().attribution().label());
            if (funnel.query().attribution() instanceof Attribution.AtStep(int step)) {
                meta.put("breakdown_attribution_step", step);
            }
        }
        funnel.query().trend().ifPresent(interval -> meta.put("interval", interval.label()));
        meta.put("step_order", funnel.query().order().label());
        meta.put("counting", funnel.query().counting().label());
        if (!funnel.query().exclusions().isEmpty()) {
            meta.put("exclusions", exclusions(funnel.query().exclusions()));
        }
        body.put("meta", meta);
        return body;
    }

    /** What a funnel excluded, so its reader sees it: each exclusion's event type and steps (its filters left out). */
    private static List<Map<String, Object>> exclusions(List<FunnelExclusion> exclusions) {
        List<Map<String, Object>> named = new ArrayList<>();
        for (FunnelExclusion exclusion : exclusions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("event", exclusion.event().eventType().orElseThrow()); // an exclusion always names its type
            entry.put("from_step", exclusion.fromStep());
            entry.put("to_step", exclusion.toStep());
            named.add(entry);
        }
        return named;
    }

    /**
     * One entry per interval, oldest first: its start (an ISO-8601 UTC instant), the users who entered in it, those
     * who reached the last step, their percentage (null when no one entered) and the users of every step.
     */
    private static List<Map<String, Object>> trend(List<Funnel.Interval> intervals) {
        List<Map<String, Object>> trend = new ArrayList<>();
        for (Funnel.Interval interval : intervals) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("period", interval.start().toString());
            entry.put("entered", interval.entered());
            entry.put("converted", interval.converted());
            entry.put("conversion_rate", interval.conversionRate());
            entry.put("users", interval.steps().stream().map(Funnel.Step::users).toList());
            trend.add(entry);
        }
        return trend;
    }

    /** The histogram with each bin's bounds in seconds: from inclusive, to exclusive. */
    private static Map<String, Object> timeToConvert(ConversionTimes times) {
        List<Map<String, Object>> histogram = new ArrayList<>();
        for (int i = 0; i < times.usersPerBin().size(); i++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from_seconds", (times.shortestMillis() + i * times.widthMillis()) / 1000.0);
            bin.put("to_seconds", (times.shortestMillis() + (i + 1) * times.widthMillis()) / 1000.0);
            bin.put("users", times.usersPerBin().get(i));
            histogram.add(bin);
        }
        Double mean = times.meanMillis();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from_step", times.span().fromStep());
        body.put("to_step", times.span().toStep());
        body.put("bins", times.span().bins());
        body.put("users", times.users());
        body.put("mean_seconds", mean == null ? null : mean / 1000.0);
        body.put("histogram", histogram);
        return body;
    }

    private static List<List<Object>> steps(List<Funnel.Step> steps) {
        List<List<Object>> rows = new ArrayList<>();
        for (Funnel.Step s : steps) {
            List<Object> row = new ArrayList<>();
            row.add(s.step());
            row.add(s.eventType());
            row.add(s.users());
            row.add(s.conversionFromFirst());
            row.add(s.conversionFromPrevious());
            row.add(s.dropOff());
            row.add(s.medianSecondsToConvert());
            row.add(s.meanSecondsToConvert());
            rows.add(row);
        }
        return rows;
    }

    public static Map<String, Object> retention(Answer<RetentionMatrix> answer) {
        RetentionMatrix matrix = answer.result();
        List<String> columns = new ArrayList<>(List.of("cohort", "size"));
        for (int k = 0; k <= matrix.query().periods(); k++) {
            columns.add(matrix.query().period().label() + "_" + k);
        }
        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> percentages = new ArrayList<>();
        for (RetentionMatrix.Row row : matrix.rows()) {
            List<Object> cells = new ArrayList<>(List.of(row.cohortStart().toString(), row.size()));
            cells.addAll(row.counts());
            rows.add(cells);
            List<Object> percent = new ArrayList<>(List.of(row.cohortStart().toString(), row.size()));
            percent.addAll(row.percentages());
            percentages.add(percent);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("percentages", percentages);
        Map<String, Object> meta = meta(answer, matrix.query().range(), matrix.query().zone());
        meta.put("period", matrix.query().period().label());
        meta.put("mode", matrix.query().mode().label());
        meta.put("week_start", matrix.query().weekStart().name().toLowerCase(Locale.ROOT));
        matrix.query().population().ifPresent(c -> meta.put("population", c.name()));
        body.put("meta", meta);
        return body;
    }

    public static Map<String, Object> paths(Answer<Paths> answer) {
        Paths paths = answer.result();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Paths.Step step : paths.steps()) {
            List<Map<String, Object>> top = new ArrayList<>();
            for (Paths.Node node : step.top()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("value", node.value());
                n.put("count", node.count());
                n.put("percent_of_anchors", node.percentOfAnchors());
                top.add(n);
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("position", step.position());
            s.put("reached", step.reached());
            s.put("top", top);
            s.put("others", step.others());
            steps.add(s);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Paths.Step step : paths.steps()) {
            for (Paths.Node node : step.top()) {
                rows.add(Arrays.asList(step.position(), node.value(), node.count(), node.percentOfAnchors()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of("position", "value", "count", "percent_of_anchors"));
        body.put("rows", rows);
        body.put("anchors", paths.anchors());
        body.put("steps", steps);
        Map<String, Object> meta = meta(answer, paths.query().range(), paths.query().zone());
        meta.put("direction", paths.query().direction().label());
        meta.put("node", paths.query().node().label());
        body.put("meta", meta);
        return body;
    }

    /**
     * A stickiness: one row per n (1 to the range's intervals) with the users active in exactly n intervals, in n or
     * more, and the share of all active users; {@code users} is that total.
     */
    public static Map<String, Object> stickiness(Answer<Stickiness> answer) {
        Stickiness stickiness = answer.result();
        List<List<Object>> rows = new ArrayList<>();
        for (Stickiness.Row row : stickiness.rows()) {
            rows.add(Arrays.asList(row.intervals(), row.users(), row.usersAtLeast(), row.percent()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of("intervals", "users", "users_at_least", "percent_of_users"));
        body.put("rows", rows);
        body.put("users", stickiness.users());
        body.put("meta", intervalMeta(answer, stickiness.query().range(), stickiness.query().zone(), stickiness.query().interval(),
                stickiness.query().event()));
        return body;
    }

    /**
     * A lifecycle: one row per interval (its local start) with the users new, returning, resurrecting and dormant in
     * it; dormant users are a positive count (a chart draws them below the axis).
     */
    public static Map<String, Object> lifecycle(Answer<Lifecycle> answer) {
        Lifecycle lifecycle = answer.result();
        ZoneId zone = lifecycle.query().zone();
        List<List<Object>> rows = new ArrayList<>();
        for (Lifecycle.Row row : lifecycle.rows()) {
            LifecycleCounts.Stages stages = row.stages();
            rows.add(List.of(time(row.start(), zone), stages.newUsers(), stages.returning(), stages.resurrecting(),
                    stages.dormant()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of("interval", "new", "returning", "resurrecting", "dormant"));
        body.put("rows", rows);
        body.put("meta", intervalMeta(answer, lifecycle.query().range(), zone, lifecycle.query().interval(), lifecycle.query().event()));
        return body;
    }

    /**
     * A multi-series trend: {@code periods} (local starts), {@code lines} (each series, then each formula, per breakdown
     * value when there is a breakdown: its values along the periods and its total over the range), and the same numbers
     * as a long table ({@code columns}/{@code rows}: one row per period and line) for CSV. A line's
     * {@code breakdown_values} hold each breakdown dimension's value, and {@code breakdown_value} the one value of a
     * breakdown by one dimension (so is the table's column); with several, the table has a column per dimension.
     */
    public static Map<String, Object> trend(Answer<Trend> answer) {
        Trend trend = answer.result();
        TrendQuery query = trend.query();
        List<String> periods = trend.periods().stream().map(p -> time(p, query.zone())).toList();
        List<Map<String, Object>> lines = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Trend.Line line : trend.lines()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", line.name());
            entry.put("kind", line.kind().name().toLowerCase(Locale.ROOT));
            if (line.kind() == Trend.Kind.SERIES) {
                TrendSeries series = query.series().get(line.name().charAt(0) - 'A');
                entry.put("event", series.event().eventType().orElse(null));
                entry.put("metric", series.metric().label());
            } else {
                entry.put("expression", query.formulas().stream().filter(f -> f.name().equals(line.name())).findFirst()
                        .orElseThrow().expression());
            }
            line.breakdown().ifPresent(value -> {
                if (value.values().size() == 1) {
                    entry.put("breakdown_value", value.values().getFirst());
                }
                entry.put("breakdown_values", value.values());
            });
            entry.put("total", line.total());
            entry.put("values", line.values());
            line.previous().ifPresent(before -> {
                Map<String, Object> previous = new LinkedHashMap<>();
                previous.put("total", before.total());
                previous.put("values", before.values());
                previous.put("total_change_percent", line.totalChangePercent());
                entry.put("previous", previous);
            });
            lines.add(entry);
        }
        for (int p = 0; p < periods.size(); p++) {
            for (Trend.Line line : trend.lines()) {
                List<Object> row = new ArrayList<>();
                row.add(periods.get(p));
                row.add(line.name());
                line.breakdown().ifPresent(value -> row.addAll(value.values()));
                row.add(line.values().get(p));
                rows.add(row);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>(List.of("period", "line"));
        if (query.breakdown().size() == 1) {
            columns.add("breakdown_value");
        } else {
            query.breakdown().forEach(dimension -> columns.add(dimension.label())); // no label is period, line or value
        }
        columns.add("value");
        body.put("columns", columns);
        body.put("rows", rows);
        body.put("periods", periods);
        body.put("lines", lines);
        Map<String, Object> meta = meta(answer, query.range(), query.zone());
        meta.put("interval", query.interval().label());
        if (query.brokenDown()) {
            List<String> labels = query.breakdown().stream().map(Dimension::label).toList();
            if (labels.size() == 1) {
                meta.put("breakdown", labels.getFirst());
            }
            meta.put("breakdowns", labels);
            meta.put("breakdown_limit", query.breakdownLimit());
        }
        query.compare().ifPresent(compare -> meta.put("compare", compare.label()));
        query.previousRange().ifPresent(range -> meta.put("previous_date_range", range(range, query.zone())));
        body.put("meta", meta);
        return body;
    }

    /**
     * Goal conversions: one row per goal (most converting visitors first) with its unique conversions ({@code visitors}),
     * total conversions ({@code events}), {@code conversion_rate} in percent of the range's {@code visitors}, and revenue.
     */
    public static Map<String, Object> conversions(Answer<Conversions> answer) {
        Conversions conversions = answer.result();
        List<List<Object>> rows = new ArrayList<>();
        for (Conversions.Row row : conversions.rows()) {
            rows.add(Arrays.asList(row.goal().name(), row.visitors(), row.events(), row.conversionRate(), row.revenue()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of("goal", "visitors", "events", "conversion_rate", "revenue"));
        body.put("rows", rows);
        body.put("visitors", conversions.visitors());
        body.put("meta", meta(answer, conversions.query().range(), conversions.query().zone()));
        return body;
    }

    public static Map<String, Object> timeseries(Answer<Timeseries> answer) {
        Timeseries series = answer.result();
        TimeseriesQuery query = series.query();
        List<Map<String, String>> columns = new ArrayList<>();
        columns.add(Map.of("name", "time", "type", "time"));
        for (SeriesMetric metric : query.metrics()) {
            columns.add(Map.of("name", metric.label(), "type", metric.type()));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Timeseries.Row row : series.rows()) {
            List<Object> cells = new ArrayList<>();
            cells.add(time(row.bucketStart(), query.zone()));
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

    private static Map<String, Object> range(TimeRange range, ZoneId zone) {
        return Map.of("from", time(range.from(), zone), "to", time(range.to(), zone));
    }

    /** The meta of an answer counted per interval of one event: the interval, and the event type when one is named. */
    private static Map<String, Object> intervalMeta(Answer<?> answer, TimeRange range, ZoneId zone, Granularity interval,
                                                    EventCriteria event) {
        Map<String, Object> meta = meta(answer, range, zone);
        meta.put("interval", interval.label());
        event.eventType().ifPresent(type -> meta.put("event", type));
        return meta;
    }

    private static Map<String, Object> meta(Answer<?> answer, TimeRange range, ZoneId zone) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("source", answer.source());
        meta.put("query_ms", answer.took().toNanos() / 1_000_000.0);
        meta.put("timezone", zone.getId());
        meta.put("date_range", range(range, zone));
        return meta;
    }

    /** Puts {@code meta.annotations}: each annotation's {@code id}, {@code at} (an ISO-8601 UTC instant) and {@code text}. */
    @SuppressWarnings("unchecked")
    public static void annotations(Map<String, Object> chart, List<Annotation> annotations) {
        List<Map<String, Object>> written = new ArrayList<>();
        for (Annotation annotation : annotations) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", annotation.id());
            entry.put("at", annotation.at().toString());
            entry.put("text", annotation.text());
            written.add(entry);
        }
        ((Map<String, Object>) chart.get("meta")).put("annotations", written);
    }

    /**
     * The chart with {@code meta.cached} set: false in a computed answer, true in one served from the cache (the
     * chart shape every answer has, so its meta is always a map).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cached(Map<String, Object> chart, boolean cached) {
        ((Map<String, Object>) chart.get("meta")).put("cached", cached);
        return chart;
    }

    /** A widget that cannot be answered, as a table of its problems, so a document still shows why. */
    public static Map<String, Object> problems(List<Violation> violations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", List.of(Map.of("name", "field", "type", "dimension"), Map.of("name", "problem", "type", "dimension")));
        body.put("rows", violations.stream().map(v -> List.<Object>of(v.field(), v.message())).toList());
        body.put("meta", new LinkedHashMap<String, Object>());
        return body;
    }
}
