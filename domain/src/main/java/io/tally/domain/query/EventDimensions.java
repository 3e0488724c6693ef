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

    /** A property value as text: numbers in their shortest plain form, flags as true/false. */
    public static String text(PropertyValue value) {
        return value == null ? null : value.text();
    }

    /**
     * Whether an event passes a value filter (cohort filters need the whole data set and are not decided here), for
     * many events: patterns are compiled once, here.
     */
    public static Predicate<Event> predicate(Filter.Match filter, ZoneId zone) {
        return switch (filter.op()) {
            case IS -> event -> anyValue(event, filter, zone, String::equals);
            case IS_NOT -> event -> !anyValue(event, filter, zone, String::equals);
            case CONTAINS -> event -> anyValue(event, filter, zone, String::contains);
            case MATCHES -> {
                List<FilterPattern> patterns = filter.values().stream().map(FilterPattern::of).toList();
                yield event -> {
                    String value = valueOf(event, filter.dimension(), zone);
                    return value != null && patterns.stream().anyMatch(p -> p.foundIn(value));
                };
            }
            case GT, LT -> {
                Dimension.Property property = (Dimension.Property) filter.dimension();
                double threshold = filter.threshold();
                boolean greater = filter.op() == FilterOp.GT;
                yield event -> event.properties().get(property.key()) instanceof PropertyValue.Numeric number
                        && (greater ? number.value().doubleValue() > threshold : number.value().doubleValue() < threshold);
            }
        };
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

    private interface TextTest {
        boolean test(String value, String wanted);
    }

    private static boolean anyValue(Event event, Filter.Match filter, ZoneId zone, TextTest test) {
        String value = valueOf(event, filter.dimension(), zone);
        return value != null && filter.values().stream().anyMatch(wanted -> test.test(value, wanted));
    }
}
