package io.tally.domain.funnel;

import io.tally.domain.query.Group;
import io.tally.domain.time.TimeBuckets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The answer to a funnel: each step's users, conversion and drop-off, overall and per breakdown value (or values), the
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

    /**
     * The steps of a breakdown's values (one per dimension, in the query's order; null where an attempt has none) and,
     * when the funnel has a trend, their steps per interval (empty without one).
     */
    public record Breakdown(List<String> values, List<Step> steps, List<Interval> trend) {
        public Breakdown {
            values = Collections.unmodifiableList(new ArrayList<>(values)); // a value may be null
            steps = List.copyOf(steps);
            trend = List.copyOf(trend);
        }

        /** The value of a breakdown by one dimension. */
        public String value() {
            return values.getFirst();
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
        // values counted in some interval but in nobody's attempt over the range still have their row, zeros overall
        Set<List<String>> valueLists = new LinkedHashSet<>();
        byBreakdown.byGroup().keySet().stream().filter(group -> !group.values().isEmpty())
                .forEach(group -> valueLists.add(group.values()));
        byIntervalAndValue.byGroup().keySet().forEach(group -> valueLists.add(group.values().subList(1, group.values().size())));
        List<Breakdown> rows = new ArrayList<>();
        for (List<String> values : valueLists) {
            List<FunnelCounts.StepCount> overallOfValues = byBreakdown.byGroup().get(new Group(values));
            rows.add(new Breakdown(values, steps(query, overallOfValues == null ? List.of() : overallOfValues),
                    trend(query, start -> byIntervalAndValue.byGroup().get(new Group(prepended(start.toString(), values))))));
        }
        rows.sort(Comparator.<Breakdown>comparingLong(b -> b.steps().getFirst().users()).reversed()
                .thenComparing(Breakdown::values, Funnel::compareValues));
        List<Interval> trend = trend(query, start -> byInterval.byGroup().get(Group.of(start.toString())));
        return new Funnel(query, total, rows, overall.timeToConvert(), trend);
    }

    private static List<String> prepended(String first, List<String> rest) {
        List<String> values = new ArrayList<>();
        values.add(first);
        values.addAll(rest);
        return values;
    }

    /** Value by value, a missing value after every present one. */
    private static int compareValues(List<String> a, List<String> b) {
        Comparator<String> byValue = Comparator.nullsLast(Comparator.naturalOrder());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int compared = byValue.compare(a.get(i), b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.size(), b.size());
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
