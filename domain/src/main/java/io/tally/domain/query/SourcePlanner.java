package io.tally.domain.query;

import io.tally.domain.event.EventColumns;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which source answers a report: the cheapest that gives the same numbers as raw events. The hourly rollup holds
 * events and revenue per UTC hour and event type; distinct counts (visitors, sessions and everything built on them)
 * cannot be added up across hours exactly, so queries that need them read raw events (or, for session facts, the
 * sessions kept per hour). Only a report that asks for {@link Accuracy#APPROXIMATE} may have its visitors estimated
 * from the sketches kept per hour (and day) and event type. Each rule answers with the reason it refuses, or nothing.
 */
public final class SourcePlanner {

    /** The parts of {@link Aggregates} the rollup cannot give: it holds no users and no sessions. */
    private static final Set<Aggregates.Part> NOT_IN_ROLLUP = EnumSet.of(Aggregates.Part.VISITORS,
            Aggregates.Part.CONVERTED_VISITORS, Aggregates.Part.SESSIONS);

    /**
     * The metrics that read session facts alone (sessions, bounces, session time, session page views: see
     * {@link Metric}); a report asking only for these needs no event count, no visitor and no revenue.
     */
    private static final Set<Metric> SESSION_METRICS = EnumSet.of(Metric.SESSIONS, Metric.BOUNCE_RATE,
            Metric.AVG_SESSION_DURATION, Metric.VIEWS_PER_SESSION);

    private SourcePlanner() {
    }

    /**
     * Where a report's facts come from: the event facts (which also decide the rows) from {@code events}, the
     * visitor facts from {@code visitors} and the session facts from {@code sessions} when those are not the same read.
     * {@code events} is {@link Source#SESSIONS} when the report asks for session facts alone and its rows are the
     * sessions' rows ({@link #whyNotSessionsAlone}): the sessions table then decides the rows and no event is read.
     */
    public record Plan(Source events, Optional<Source> visitors, Optional<Source> sessions) {
        public Plan {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(visitors, "visitors");
            Objects.requireNonNull(sessions, "sessions");
        }

        /** Visitors counted with the event facts. */
        public Plan(Source events, Optional<Source> sessions) {
            this(events, Optional.empty(), sessions);
        }

        /** The answer's {@code meta.source}: {@code raw}, {@code rollup}, {@code raw+sessions}, {@code sessions}, {@code rollup+sketch}, … */
        public String label() {
            StringBuilder label = new StringBuilder(events.label());
            visitors.ifPresent(v -> label.append('+').append(v.label()));
            sessions.ifPresent(s -> label.append('+').append(s.label()));
            return label.toString();
        }

        /** Whether the visitor counts are estimates. */
        public boolean approximate() {
            return visitors.filter(Source.SKETCH::equals).isPresent();
        }
    }

    /**
     * Every label a time series' plan may have, for metrics that list them before any query: a time series is always
     * exact and grouped by time, so never read from the sessions alone.
     */
    public static final List<String> EXACT_LABELS = List.of("raw", "rollup", "raw+sessions", "rollup+sessions");

    /** Every label a report's plan may have, approximate ones included. */
    public static final List<String> LABELS = List.of("raw", "rollup", "raw+sessions", "rollup+sessions", "sessions",
            "rollup+sketch", "rollup+sketch+sessions");

    /** The sources for a report, among those the store keeps (raw events always). */
    public static Plan plan(ReportQuery query, Set<Source> kept) {
        boolean sessionsApart = sessionsApart(query, kept);
        if (sessionsApart && whyNotSessionsAlone(query).isEmpty()) {
            return new Plan(Source.SESSIONS, Optional.empty());
        }
        Set<Aggregates.Part> eventParts = eventParts(query, sessionsApart);
        boolean sketch = whyNotSketch(query, kept).isEmpty();
        if (sketch) {
            eventParts.removeAll(Aggregates.Part.DISTINCT_USERS);
        }
        boolean rollup = kept.contains(Source.ROLLUP) && whyNotRollup(query, eventParts).isEmpty();
        return new Plan(rollup ? Source.ROLLUP : Source.RAW, sketch ? Optional.of(Source.SKETCH) : Optional.empty(),
                sessionsApart ? Optional.of(Source.SESSIONS) : Optional.empty());
    }

    /**
     * Empty when the report's visitors are estimated from the sketches; otherwise why they are counted exactly. The
     * sketches are kept per UTC hour (and day) and event type, and the report's other event facts must come from the rollup
     * (so its rows are the rollup's): asked for approximate, a visitors part, and the rollup's rules for the rest.
     */
    public static Optional<String> whyNotSketch(ReportQuery query, Set<Source> kept) {
        if (query.accuracy() != Accuracy.APPROXIMATE) {
            return Optional.of("exact visitors were asked for");
        }
        if (!kept.contains(Source.SKETCH) || !kept.contains(Source.ROLLUP)) {
            return Optional.of("this store keeps no visitor sketches");
        }
        if (!query.aggregation().counts(Aggregates.Part.VISITORS)) {
            return Optional.of("no metric of the report counts visitors");
        }
        Set<Aggregates.Part> rest = eventParts(query, sessionsApart(query, kept));
        rest.removeAll(Aggregates.Part.DISTINCT_USERS);
        return whyNotRollup(query, rest).map(reason -> "visitor sketches answer only what the hourly rollup does: " + reason);
    }

    private static boolean sessionsApart(ReportQuery query, Set<Source> kept) {
        return query.aggregation().counts(Aggregates.Part.SESSIONS) && kept.contains(Source.SESSIONS)
                && whyNotSessions(query).isEmpty();
    }

    private static Set<Aggregates.Part> eventParts(ReportQuery query, boolean sessionsApart) {
        Set<Aggregates.Part> eventParts = EnumSet.noneOf(Aggregates.Part.class);
        eventParts.addAll(query.aggregation().parts());
        if (sessionsApart) {
            eventParts.remove(Aggregates.Part.SESSIONS);
        }
        return eventParts;
    }

    /** Empty when the rollup can answer every fact of the report; otherwise why not. */
    public static Optional<String> whyNotRollup(ReportQuery query) {
        return whyNotRollup(query, query.aggregation().parts());
    }

    private static Optional<String> whyNotRollup(ReportQuery query, Set<Aggregates.Part> parts) {
        for (Aggregates.Part part : parts) {
            if (NOT_IN_ROLLUP.contains(part)) {
                return Optional.of(query.metrics().stream().filter(m -> m.parts().contains(part)).findFirst()
                        .map(MetricRef::label).orElse(part.name().toLowerCase(Locale.ROOT))
                        + " needs distinct users or sessions");
            }
        }
        for (Dimension dimension : query.dimensions()) {
            boolean fits = switch (dimension) {
                case Dimension.Time time -> time.granularity() != Granularity.MINUTE;
                case Dimension.EventType type -> true;
                case Dimension.Property property -> false;
                case Dimension.EntryPage entry -> false; // a session's first event: hours of event counts cannot tell it
                case Dimension.ExitPage exit -> false; // a session's last event: hours of event counts cannot tell it
                case Dimension.VisitOrigin origin -> false; // a session's first event: hours of event counts cannot tell it
                case Dimension.Goal goal -> false; // a report per goal, each with its goal's filter
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

    /**
     * Empty when the sessions kept per hour give the report's session facts; otherwise why not. They hold each
     * session's fragment per UTC hour, so a range on whole hours gets exactly its events' part of every session, and
     * a session's row is decided by its first event's time (in any zone), type or promoted properties, or by its last
     * event's path (the exit page). Filters would
     * select events inside sessions, which the fragments cannot.
     */
    public static Optional<String> whyNotSessions(ReportQuery query) {
        if (!query.filters().isEmpty()) {
            return Optional.of("the sessions table answers reports without filters");
        }
        for (Dimension dimension : query.dimensions()) {
            if (dimension instanceof Dimension.EntryPage || dimension instanceof Dimension.VisitOrigin) {
                return Optional.of("sessions by " + dimension.label() + " are read from the events"); // not wired to the fragments yet
            }
            boolean fits = switch (dimension) {
                case Dimension.Time time -> true;
                case Dimension.EventType type -> true;
                case Dimension.Property property -> EventColumns.PROMOTED_KEYS.contains(property.key());
                case Dimension.EntryPage entry -> false;
                case Dimension.VisitOrigin origin -> false;
                case Dimension.Goal goal -> false; // a report per goal, each with its goal's filter
                case Dimension.ExitPage exit -> true; // each fragment keeps its last event's path
            };
            if (!fits) {
                return Optional.of("sessions keep no " + dimension.label() + " of their first event");
            }
        }
        Optional<String> range = wholeUtcHours(query.range());
        if (range.isPresent()) {
            return range;
        }
        return query.compare().flatMap(c -> wholeUtcHours(c.shift(query.range(), query.zone())));
    }

    /**
     * Empty when a report the sessions table answers ({@link #whyNotSessions}) needs nothing else, not even events to
     * decide its rows; otherwise why it does. Its metrics must read session facts alone, and its rows must be exactly
     * the rows holding a session. By the reference ({@link Reports#count}) a row exists when a selected event falls in
     * it, and a session counts once, in the row of its first selected event. By {@code exit_page} every event's value
     * is its session's (the path of the session's last selected event), so all of a session's events fall in the row
     * of its first one: a row holds events exactly when it holds a session. Ungrouped, the one row holds events
     * exactly when it holds a session. Any other dimension (time, event type, a property) may differ between the
     * events of one session, so a row may hold events of sessions that entered elsewhere and no session of its own
     * (by day: the morning part of a session that began before midnight); raw events or the rollup list those rows.
     */
    public static Optional<String> whyNotSessionsAlone(ReportQuery query) {
        for (MetricRef metric : query.metrics()) {
            if (!SESSION_METRICS.containsAll(metric.metrics())) {
                return Optional.of(metric.label() + " reads event facts");
            }
        }
        for (Dimension dimension : query.dimensions()) {
            if (!(dimension instanceof Dimension.ExitPage)) {
                return Optional.of("by " + dimension.label() + ", rows may hold events but no session's first event");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> wholeUtcHours(TimeRange range) {
        return wholeHour(range.from()) && wholeHour(range.to()) ? Optional.empty()
                : Optional.of("the range does not start and end on whole hours");
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
