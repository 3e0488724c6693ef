package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.ViolationKind;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a retention body: {@code start_event} and {@code return_event} ({@code {"event", "filters"}}; a return
 * event without a type means any event), {@code period} (day, week (default), month), {@code week_start}
 * (monday (default) or sunday), {@code mode} (first_time (default) or recurring), {@code periods} (default 8),
 * {@code date_range} (default {@code last_90d}), {@code timezone}, {@code population} (a saved cohort's name).
 */
public final class RetentionRequest {

    private static final Set<String> FIELDS = Set.of("start_event", "return_event", "period", "week_start", "mode",
            "periods", "date_range", "timezone", "population");

    private RetentionRequest() {
    }

    public static Validated<RetentionQuery> parse(Object body, RequestContext context) {
        Wire wire = new Wire();
        QueryParts parts = new QueryParts(wire, context);
        Map<String, Object> object = wire.object(body, "", FIELDS);
        if (!object.containsKey("start_event")) {
            wire.violation("start_event", ViolationKind.MISSING, "is required, for example {\"event\": \"sign_up\"}");
        }
        EventCriteria start = object.containsKey("start_event") ? parts.criteria(object.get("start_event"), "start_event", false) : null;
        EventCriteria back = object.containsKey("return_event") ? parts.criteria(object.get("return_event"), "return_event", true)
                : EventCriteria.anyEvent();
        RetentionPeriod period = choice(wire, object, "period", RetentionPeriod::fromLabel, RetentionPeriod.WEEK, "day, week or month");
        DayOfWeek weekStart = wire.text(object, "week_start", "week_start").map(label -> switch (label) {
            case "monday" -> DayOfWeek.MONDAY;
            case "sunday" -> DayOfWeek.SUNDAY;
            default -> {
                wire.violation("week_start", ViolationKind.UNSUPPORTED, "must be monday or sunday");
                yield DayOfWeek.MONDAY;
            }
        }).orElse(DayOfWeek.MONDAY);
        CohortMode mode = choice(wire, object, "mode", CohortMode::fromLabel, CohortMode.FIRST_TIME, "first_time or recurring");
        int periods = wire.integer(object, "periods", "periods", 1, RetentionQuery.MAX_PERIODS).orElse(8);
        ZoneId zone = parts.zone(object);
        TimeRange range = parts.range(object, zone, "last_90d");
        Optional<ResolvedCohort> population = wire.text(object, "population", "population").flatMap(name -> {
            Optional<CohortDefinition> cohort = context.definitions().cohort(name);
            if (cohort.isEmpty()) {
                wire.violation("population", ViolationKind.UNSUPPORTED, "no saved cohort has this name");
            }
            return cohort.map(c -> c.resolve(context.now()));
        });
        if (!wire.violations.isEmpty()) {
            return new Validated.Invalid<>(wire.violations);
        }
        return new Validated.Valid<>(new RetentionQuery(context.projectId(), start, back, period, weekStart, mode, periods,
                range, zone, population));
    }

    private static <T> T choice(Wire wire, Map<String, Object> object, String key,
                                Function<String, Optional<T>> parse, T fallback, String allowed) {
        return wire.text(object, key, key).map(label -> parse.apply(label).orElseGet(() -> {
            wire.violation(key, ViolationKind.UNSUPPORTED, "must be " + allowed);
            return fallback;
        })).orElse(fallback);
    }
}
