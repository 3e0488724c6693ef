package io.tally.domain.funnel;

import io.tally.domain.query.Group;
import io.tally.domain.time.TimeBuckets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to a funnel: each step's users, conversion and drop-off, overall and per breakdown value, the
 * time-to-convert histogram when the query asked for one, and with a trend the steps of every interval the range
 * touches (in order, an interval no one entered with zeros).
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

    public record Breakdown(String value, List<Step> steps) {
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
        return assemble(query, overall, byBreakdown, new FunnelCounts(Map.of()));
    }

    /** @param byInterval the counts of {@code query} with its trend and without its breakdown (empty without a trend) */
    public static Funnel assemble(FunnelQuery query, FunnelCounts overall, FunnelCounts byBreakdown, FunnelCounts byInterval) {
        List<Step> total = steps(query, overall.byGroup().getOrDefault(Group.NONE, List.of()));
        List<Breakdown> rows = new ArrayList<>();
        for (Map.Entry<Group, List<FunnelCounts.StepCount>> entry : byBreakdown.byGroup().entrySet()) {
            if (!entry.getKey().values().isEmpty()) {
                rows.add(new Breakdown(entry.getKey().values().getFirst(), steps(query, entry.getValue())));
            }
        }
        rows.sort(Comparator.<Breakdown>comparingLong(b -> b.steps().getFirst().users()).reversed()
                .thenComparing(Breakdown::value, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Interval> trend = new ArrayList<>();
        query.trend().ifPresent(interval -> {
            for (Instant start : TimeBuckets.covering(query.range(), interval, query.zone())) {
                trend.add(new Interval(start, steps(query, byInterval.byGroup().getOrDefault(Group.of(start.toString()), List.of()))));
            }
        });
        return new Funnel(query, total, rows, overall.timeToConvert(), trend);
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
