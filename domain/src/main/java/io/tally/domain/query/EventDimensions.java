package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Predicate;

/** The meaning of a dimension and a filter for one event: the definitions every engine reproduces. */
public final class EventDimensions {

    private EventDimensions() {
    }

    /**
     * The event's value for a dimension of one event: text, a bucket start in ISO-8601 UTC, or null when the event
     * lacks it. The entry and exit pages are its session's ({@link #entryPage}, {@link #exitPage}), which one event cannot tell.
     */
    public static String valueOf(Event event, Dimension dimension, ZoneId zone) {
        return switch (dimension) {
            case Dimension.Time time -> time.granularity().bucketStart(event.timestamp(), zone).toString();
            case Dimension.EventType type -> event.eventType();
            case Dimension.Property property -> text(event.properties().get(property.key()));
            case Dimension.EntryPage entry -> throw new IllegalArgumentException("entry_page is a session's value, not one event's");
            case Dimension.ExitPage exit -> throw new IllegalArgumentException("exit_page is a session's value, not one event's");
            case Dimension.VisitOrigin origin ->
                    throw new IllegalArgumentException(origin.label() + " is a session's value, not one event's");
            case Dimension.Goal goal -> throw new IllegalArgumentException("an event may complete several goals: a report per goal");
        };
    }

    /** A session's source or channel from its selected events in {@link Event#CHRONOLOGICAL} order: its first event's, or direct. */
    public static String visitOrigin(List<Event> chronologicalSession, Dimension.VisitOrigin origin) {
        String value = text(chronologicalSession.getFirst().properties().get(origin.part().key()));
        return value == null ? origin.part().direct() : value;
    }

    /** The entry page of a session's selected events in {@link Event#CHRONOLOGICAL} order: its first event's path. */
    public static String entryPage(List<Event> chronologicalSession) {
        return text(chronologicalSession.getFirst().properties().get(Dimension.ExitPage.PATH));
    }

    /** The exit page of a session's selected events in {@link Event#CHRONOLOGICAL} order: its last event's path. */
    public static String exitPage(List<Event> chronologicalSession) {
        return text(chronologicalSession.getLast().properties().get(Dimension.ExitPage.PATH));
    }

    /**
     * A session's value for a visit dimension, from its events in {@link Event#CHRONOLOGICAL} order: the entry or exit
     * page, the origin, or its first event's property.
     */
    public static String visitValue(List<Event> chronologicalSession, Dimension dimension) {
        return switch (dimension) {
            case Dimension.EntryPage entry -> entryPage(chronologicalSession);
            case Dimension.ExitPage exit -> exitPage(chronologicalSession);
            case Dimension.VisitOrigin origin -> visitOrigin(chronologicalSession, origin);
            case Dimension.Property property -> text(chronologicalSession.getFirst().properties().get(property.key()));
            case Dimension.Time time -> throw new IllegalArgumentException("a visit has no one time bucket");
            case Dimension.EventType type -> throw new IllegalArgumentException("a visit has no one event type");
            case Dimension.Goal goal -> throw new IllegalArgumentException("a visit has no one goal");
        };
    }

    /**
     * The text test of {@code is}, {@code is_not}, {@code contains} and {@code matches} (patterns compiled here, once):
     * a missing value (null) meets {@code is_not} alone.
     */
    public static Predicate<String> textTest(FilterOp op, List<String> values) {
        return switch (op) {
            case IS -> value -> value != null && values.contains(value);
            case IS_NOT -> value -> value == null || !values.contains(value);
            case CONTAINS -> value -> value != null && values.stream().anyMatch(value::contains);
            case MATCHES -> {
                List<FilterPattern> patterns = values.stream().map(FilterPattern::of).toList();
                yield value -> value != null && patterns.stream().anyMatch(p -> p.foundIn(value));
            }
            case GT, LT -> throw new IllegalArgumentException(op.label() + " compares numbers, not text");
        };
    }

    /** A property value as text: numbers in their shortest plain form, flags as true/false. */
    public static String text(PropertyValue value) {
        return value == null ? null : value.text();
    }

    /**
     * Whether an event passes a value filter (cohort filters need the whole data set and are not decided here), for
     * many events: patterns are compiled once, here.
     */
    public static Predicate<Event> predicate(Filter.Match filter, ZoneId zone) {
        if (filter.op() == FilterOp.GT || filter.op() == FilterOp.LT) {
            Dimension.Property property = (Dimension.Property) filter.dimension();
            double threshold = filter.threshold();
            boolean greater = filter.op() == FilterOp.GT;
            return event -> event.properties().get(property.key()) instanceof PropertyValue.Numeric number
                    && (greater ? number.value().doubleValue() > threshold : number.value().doubleValue() < threshold);
        }
        Predicate<String> test = textTest(filter.op(), filter.values());
        return event -> test.test(valueOf(event, filter.dimension(), zone));
    }

    /** Whether every filter passes, decided by {@link #predicate}s made once. */
    public static Predicate<Event> all(List<Filter.Match> filters, ZoneId zone) {
        List<Predicate<Event>> predicates = filters.stream().map(f -> predicate(f, zone)).toList();
        return event -> {
            for (Predicate<Event> predicate : predicates) {
                if (!predicate.test(event)) {
                    return false;
                }
            }
            return true;
        };
    }
}
