package io.tally.domain.funnel;

import io.tally.domain.query.Group;
import io.tally.domain.time.TimeBuckets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The answer to a funnel: each step's users, conversion and drop-off, overall and per breakdown value, the
 * time-to-convert histogram when the query asked for one, and with a trend the steps of every interval the range
 * touches (in order, an interval no one entered with zeros), overall and, with a breakdown too, per breakdown value.
 */
public record Funnel(FunnelQuery query, List<Step> overall, List<Breakdown> breakdown,
                     Optional<ConversionTimes> timeToConvert, List<Interval> trend) {

    public Funnel {
        breakdown = List.copyOf(breakdown);
        trend = List.copyOf(trend);
    }

    /**
     * @param conversionFromFirst    percent of step 1's users who reached this step
     * @param conversionFromPrevious percent of the previous step's users who reached this one
     * @param dropOff                users of the previous step who did not reach this one
     * @param medianSecondsToConvert median time from the previous step, in seconds; null for step 1 or without users
     * @param meanSecondsToConvert   mean time from the previous step, in seconds; null for step 1 or without users
     */
    public record Step(int step, String eventType, long users, Double conversionFromFirst, Double conversionFromPrevious,
                       long dropOff, Double medianSecondsToConvert, Double meanSecondsToConvert) {
    }

    /** A breakdown value's steps and, when the funnel has a trend, its steps per interval (empty without one). */
    public record Breakdown(String value, List<Step> steps, List<Interval> trend) {
        public Breakdown {
            steps = List.copyOf(steps);
            trend = List.copyOf(trend);
        }
    }

    /** A trend interval: the users who entered the funnel in it and how far they went. */
    public record Interval(Instant start, List<Step> steps) {

        public long entered() {
            return steps.getFirst().users();
        }

        public long converted() {
            return steps.getLast().users();
        }

        /** Percent of the interval's entrants who reached the last step; null when no one entered. */
        public Double conversionRate() {
            return steps.getLast().conversionFromFirst();
        }
    }

    /** A funnel without a trend. */
    public static Funnel assemble(FunnelQuery query, FunnelCounts overall, FunnelCounts byBreakdown) {
        FunnelCounts none = new FunnelCounts(Map.of());
        return assemble(query, overall, byBreakdown, none, none);
    }

    /**
     * @param byInterval          the counts of {@code query} with its trend and without its breakdown (empty without a trend)
     * @param byIntervalAndValue the counts with both, grouped by (interval, value) (empty without both)
     */
    public static Funnel assemble(FunnelQuery query, FunnelCounts overall, FunnelCounts byBreakdown, FunnelCounts byInterval,
                                  FunnelCounts byIntervalAndValue) {
        List<Step> total = steps(query, overall.byGroup().getOrDefault(Group.NONE, List.of()));
        // a value counted in some interval but in nobody's attempt over the range still has its row, zeros overall
        Set<String> values = new LinkedHashSet<>();
        byBreakdown.byGroup().keySet().stream().filter(group -> !group.values().isEmpty())
                .forEach(group -> values.add(group.values().getFirst()));
        byIntervalAndValue.byGroup().keySet().forEach(group -> values.add(group.values().get(1)));
        List<Breakdown> rows = new ArrayList<>();
        for (String value : values) {
            List<FunnelCounts.StepCount> overallOfValue = byBreakdown.byGroup().get(Group.of(value));
            rows.add(new Breakdown(value, steps(query, overallOfValue == null ? List.of() : overallOfValue),
                    trend(query, start -> byIntervalAndValue.byGroup().get(Group.of(start.toString(), value)))));
        }
        rows.sort(Comparator.<Breakdown>comparingLong(b -> b.steps().getFirst().users()).reversed()
                .thenComparing(Breakdown::value, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Interval> trend = trend(query, start -> byInterval.byGroup().get(Group.of(start.toString())));
        return new Funnel(query, total, rows, overall.timeToConvert(), trend);
    }

    /** Every interval of the range with its counts (zeros where none), in order; empty without a trend. */
    private static List<Interval> trend(FunnelQuery query, Function<Instant, List<FunnelCounts.StepCount>> counts) {
        List<Interval> trend = new ArrayList<>();
        query.trend().ifPresent(interval -> {
            for (Instant start : TimeBuckets.covering(query.range(), interval, query.zone())) {
                List<FunnelCounts.StepCount> found = counts.apply(start);
                trend.add(new Interval(start, steps(query, found == null ? List.of() : found)));
            }
        });
        return trend;
    }

    private static List<Step> steps(FunnelQuery query, List<FunnelCounts.StepCount> counts) {
        List<Step> steps = new ArrayList<>();
        long first = counts.isEmpty() ? 0 : counts.getFirst().users();
        long previous = first;
        for (int i = 0; i < query.steps().size(); i++) {
            FunnelCounts.StepCount count = i < counts.size() ? counts.get(i) : FunnelCounts.StepCount.first(0);
            long users = count.users();
            steps.add(new Step(i + 1, query.steps().get(i).eventType().orElseThrow(), users,
                    first == 0 ? null : users * 100.0 / first,
                    previous == 0 ? null : users * 100.0 / previous,
                    i == 0 ? 0 : previous - users,
                    seconds(count.medianMillisFromPrevious()), seconds(count.meanMillisFromPrevious())));
            previous = users;
        }
        return steps;
    }

    private static Double seconds(Double millis) {
        return millis == null ? null : millis / 1000.0;
    }
}
