package io.tally.domain.query;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which source answers a report: the cheapest that gives the same numbers as raw events. The hourly rollup holds
 * events and revenue per UTC hour and event type; distinct counts (visitors, sessions and everything built on them)
 * cannot be added up across hours exactly, and a sketch would change the numbers, so queries that need them read raw
 * events. Each rule answers with the reason it refuses, or nothing.
 */
public final class SourcePlanner {

    /** The parts of {@link Aggregates} the rollup cannot give: it holds no users and no sessions. */
    private static final Set<Aggregates.Part> NOT_IN_ROLLUP = EnumSet.of(Aggregates.Part.VISITORS, Aggregates.Part.SESSIONS);

    private SourcePlanner() {
    }

    /** The source for a report, among those the store keeps (raw events always). */
    public static Source plan(ReportQuery query, Set<Source> kept) {
        return kept.contains(Source.ROLLUP) && whyNotRollup(query).isEmpty() ? Source.ROLLUP : Source.RAW;
    }

    /** Empty when the rollup can answer; otherwise why not. */
    public static Optional<String> whyNotRollup(ReportQuery query) {
        for (MetricRef metric : query.metrics()) {
            if (metric.parts().stream().anyMatch(NOT_IN_ROLLUP::contains)) {
                return Optional.of(metric.label() + " needs distinct users or sessions");
            }
        }
        for (Dimension dimension : query.dimensions()) {
            boolean fits = switch (dimension) {
                case Dimension.Time time -> time.granularity() != Granularity.MINUTE;
                case Dimension.EventType type -> true;
                case Dimension.Property property -> false;
            };
            if (!fits) {
                return Optional.of("the rollup is not kept by " + dimension.label());
            }
        }
        for (Filter filter : query.filters()) {
            boolean fits = filter instanceof Filter.Match match && match.dimension() instanceof Dimension.EventType
                    && (match.op() == FilterOp.IS || match.op() == FilterOp.IS_NOT);
            if (!fits) {
                return Optional.of("the rollup can only filter by event_type");
            }
        }
        Optional<String> range = hourAligned(query.range(), query.zone());
        if (range.isPresent()) {
            return range;
        }
        return query.compare().flatMap(c -> hourAligned(c.shift(query.range(), query.zone()), query.zone()));
    }

    /** The range starts and ends on whole UTC hours and the zone's offset stays a whole number of hours in it. */
    private static Optional<String> hourAligned(TimeRange range, ZoneId zone) {
        if (!wholeHour(range.from()) || !wholeHour(range.to())) {
            return Optional.of("the range does not start and end on whole hours");
        }
        var rules = zone.getRules();
        if (rules.getOffset(range.from()).getTotalSeconds() % 3600 != 0) {
            return Optional.of("the time zone's offset is not a whole number of hours");
        }
        for (ZoneOffsetTransition t = rules.nextTransition(range.from()); t != null && t.getInstant().isBefore(range.to());
             t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return Optional.of("the time zone's offset is not a whole number of hours");
            }
        }
        return Optional.empty();
    }

    private static boolean wholeHour(Instant instant) {
        return instant.getEpochSecond() % 3600 == 0 && instant.getNano() == 0;
    }
}
