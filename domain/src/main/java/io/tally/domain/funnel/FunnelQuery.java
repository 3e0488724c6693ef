package io.tally.domain.funnel;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.time.ActivityIntervals;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A funnel, counted per user. Events of a user are ordered by time, then the first step they match, then event id
 * (so at one instant a step-2 event follows the step-1 event it may complete). Every event matching step 1
 * starts an attempt; each later step is the first matching event after the previous step's (one event never
 * fills two steps), no later than {@code window} after the attempt's step-1 time (inclusive). A user counts at
 * the furthest step any attempt reaches; times come from the first attempt reaching it. Only events inside
 * the range count. A breakdown groups users by the values of its dimensions (one to {@value #MAX_BREAKDOWNS}) on that
 * attempt's step-1 event (by default: see the attribution below); an attempt without a value for any of them is in
 * the group of no value (as one short of the attribution's step). A
 * {@link TimeToConvert} asks for the histogram of the counted attempts' times between two steps, over all users.
 * <p>
 * A {@code trend} interval (hour, day, week or month of the zone's calendar, as a report's time buckets) counts the
 * funnel once per interval instead: a user counts in every interval holding the start of one of their attempts (a
 * step-1 event; any step's in an unordered funnel), at the furthest step the attempts starting in that interval reach (later steps may fall in a later interval, inside the
 * window and the range), grouped by the interval's start before the breakdown's value.
 * <p>
 * With {@link StepOrder#STRICT} steps, each later step must be the user's very next event in the range after the
 * previous step's, whatever its type (events matching no step come after those matching one at the same instant);
 * the attempt stops at the first event that is not its next step.
 * <p>
 * With {@link StepOrder#UNORDERED} steps, every event matching any step starts an attempt, which reaches as many steps
 * (k of them: the rows are "k steps done", whichever) as there are steps with a matching event of the user at or
 * after its start's time and within the window (one event matching several steps does each); the times between the
 * attempt's steps are those between the earliest such event of each step, in time order. Unordered funnels have no
 * exclusions and attribute a breakdown to the attempt's first event.
 * <p>
 * {@link FunnelExclusion}s drop attempts (before the counted one is chosen): a user all of whose attempts are dropped
 * is not in the funnel.
 * <p>
 * {@link FunnelCounting#CONVERSIONS} counts every attempt that is not dropped instead of each user's counted one: rows,
 * times, breakdown values (each attempt's own attributed event), trend intervals (each attempt's start) and the
 * histogram are then over attempts. Unordered funnels count users.
 */
public record FunnelQuery(String projectId, List<EventCriteria> steps, Duration window, TimeRange range, ZoneId zone,
                          List<Dimension> breakdown, Optional<TimeToConvert> timeToConvert,
                          Optional<Granularity> trend, StepOrder order, List<FunnelExclusion> exclusions,
                          Attribution attribution, FunnelCounting counting)
        implements ProjectQuery {

    public static final int MIN_STEPS = 2;
    public static final int MAX_STEPS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    public static final int MAX_EXCLUSIONS = 5;
    public static final int MAX_BREAKDOWNS = 3;

    public FunnelQuery {
        Objects.requireNonNull(projectId, "projectId");
        steps = List.copyOf(steps);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        breakdown = List.copyOf(breakdown);
        if (breakdown.size() > MAX_BREAKDOWNS) {
            throw new IllegalArgumentException("a funnel breaks down by at most " + MAX_BREAKDOWNS + " dimensions");
        }
        if (breakdown.stream().distinct().count() < breakdown.size()) {
            throw new IllegalArgumentException("a funnel breaks down by a dimension once");
        }
        if (steps.size() < MIN_STEPS || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a funnel has 2 to 10 steps");
        }
        if (steps.stream().anyMatch(s -> s.eventType().isEmpty())) {
            throw new IllegalArgumentException("every funnel step names its event type");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
        if (breakdown.stream().anyMatch(d -> d instanceof Dimension.Time || !d.ofOneEvent())) {
            throw new IllegalArgumentException("a funnel breaks down by an event dimension, not by time");
        }
        Objects.requireNonNull(timeToConvert, "timeToConvert");
        int stepCount = steps.size();
        if (timeToConvert.filter(t -> t.toStep() > stepCount).isPresent()) {
            throw new IllegalArgumentException("the histogram ends at one of the funnel's steps");
        }
        Objects.requireNonNull(trend, "trend");
        trend.ifPresent(interval -> ActivityIntervals.count(interval, range, zone));
        Objects.requireNonNull(order, "order");
        exclusions = List.copyOf(exclusions);
        if (exclusions.size() > MAX_EXCLUSIONS) {
            throw new IllegalArgumentException("a funnel has at most " + MAX_EXCLUSIONS + " exclusions");
        }
        if (exclusions.stream().anyMatch(x -> x.toStep() > stepCount)) {
            throw new IllegalArgumentException("an exclusion ends at one of the funnel's steps");
        }
        Objects.requireNonNull(attribution, "attribution");
        if (order == StepOrder.UNORDERED && (!exclusions.isEmpty() || !(attribution instanceof Attribution.FirstTouch))) {
            throw new IllegalArgumentException("an unordered funnel has no exclusions and attributes to its first event");
        }
        if (attribution instanceof Attribution.AtStep(int step) && step > stepCount) {
            throw new IllegalArgumentException("the attribution step is one of the funnel's steps");
        }
        if (breakdown.isEmpty() && !(attribution instanceof Attribution.FirstTouch)) {
            throw new IllegalArgumentException("an attribution chooses a breakdown's value: the funnel has no breakdown");
        }
        Objects.requireNonNull(counting, "counting");
        if (counting == FunnelCounting.CONVERSIONS && order == StepOrder.UNORDERED) {
            throw new IllegalArgumentException("an unordered funnel counts users: any step event would start an attempt");
        }
    }

    /** A funnel counting users. */
    public FunnelQuery(String projectId, List<EventCriteria> steps, Duration window, TimeRange range, ZoneId zone,
                       List<Dimension> breakdown, Optional<TimeToConvert> timeToConvert,
                       Optional<Granularity> trend, StepOrder order, List<FunnelExclusion> exclusions,
                       Attribution attribution) {
        this(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order, exclusions, attribution,
                FunnelCounting.USERS);
    }

    /** A funnel broken down by one dimension or none. */
    public FunnelQuery(String projectId, List<EventCriteria> steps, Duration window, TimeRange range, ZoneId zone,
                       Optional<Dimension> breakdown, Optional<TimeToConvert> timeToConvert,
                       Optional<Granularity> trend, StepOrder order, List<FunnelExclusion> exclusions,
                       Attribution attribution) {
        this(projectId, steps, window, range, zone, breakdown.stream().toList(), timeToConvert, trend, order, exclusions,
                attribution);
    }

    /** A funnel whose breakdown (if any) takes the value of each attempt's step-1 event. */
    public FunnelQuery(String projectId, List<EventCriteria> steps, Duration window, TimeRange range, ZoneId zone,
                       Optional<Dimension> breakdown, Optional<TimeToConvert> timeToConvert,
                       Optional<Granularity> trend, StepOrder order, List<FunnelExclusion> exclusions) {
        this(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order, exclusions, Attribution.FIRST_TOUCH);
    }

    /** An ordered funnel without a histogram or a trend (the with-methods add them). */
    public FunnelQuery(String projectId, List<EventCriteria> steps, Duration window, TimeRange range, ZoneId zone,
                       Optional<Dimension> breakdown) {
        this(projectId, steps, window, range, zone, breakdown, Optional.empty(), Optional.empty(), StepOrder.ORDERED, List.of());
    }

    /** Whether users are grouped by the values of one or more dimensions. */
    public boolean brokenDown() {
        return !breakdown.isEmpty();
    }

    public FunnelQuery withoutBreakdown() {
        return new FunnelQuery(projectId, steps, window, range, zone, List.of(), timeToConvert, trend, order, exclusions,
                Attribution.FIRST_TOUCH, counting);
    }

    public FunnelQuery withBreakdown(List<Dimension> dimensions) {
        return new FunnelQuery(projectId, steps, window, range, zone, dimensions, timeToConvert, trend, order, exclusions,
                attribution, counting);
    }

    public FunnelQuery withoutTimeToConvert() {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, Optional.empty(), trend, order, exclusions, attribution, counting);
    }

    public FunnelQuery withTimeToConvert(TimeToConvert span) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, Optional.of(span), trend, order, exclusions, attribution, counting);
    }

    public FunnelQuery withoutTrend() {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, Optional.empty(), order, exclusions, attribution, counting);
    }

    public FunnelQuery withTrend(Granularity interval) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, Optional.of(interval), order, exclusions, attribution, counting);
    }

    public FunnelQuery withOrder(StepOrder stepOrder) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, stepOrder, exclusions, attribution, counting);
    }

    public FunnelQuery withExclusions(List<FunnelExclusion> dropping) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order, dropping, attribution, counting);
    }

    public FunnelQuery withAttribution(Attribution chosen) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order, exclusions, chosen, counting);
    }

    public FunnelQuery withCounting(FunnelCounting counted) {
        return new FunnelQuery(projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order, exclusions,
                attribution, counted);
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("funnel", projectId, steps, window, range, zone, breakdown, timeToConvert, trend, order,
                exclusions, attribution, counting);
    }
}
