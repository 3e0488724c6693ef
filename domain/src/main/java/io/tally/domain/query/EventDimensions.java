package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.ZoneId;
import java.util.regex.Pattern;

/** The meaning of a dimension and a filter for one event: the definitions every engine reproduces. */
public final class EventDimensions {

    private EventDimensions() {
    }

    /** The event's value for a dimension: text, a bucket start in ISO-8601 UTC, or null when the event lacks it. */
    public static String valueOf(Event event, Dimension dimension, ZoneId zone) {
        return switch (dimension) {
            case Dimension.Time time -> time.granularity().bucketStart(event.timestamp(), zone).toString();
            case Dimension.EventType type -> event.eventType();
            case Dimension.Property property -> text(event.properties().get(property.key()));
        };
    }

    /** A property value as text: numbers in their shortest plain form, flags as true/false. */
    public static String text(PropertyValue value) {
        return switch (value) {
            case null -> null;
            case PropertyValue.Text text -> text.value();
            case PropertyValue.Numeric number -> number.value().stripTrailingZeros().toPlainString();
            case PropertyValue.Flag flag -> Boolean.toString(flag.value());
        };
    }

    /** Whether an event passes a value filter (cohort filters need the whole data set and are not decided here). */
    public static boolean matches(Event event, Filter.Match filter, ZoneId zone) {
        return switch (filter.op()) {
            case IS -> anyValue(event, filter, zone, String::equals);
            case IS_NOT -> !anyValue(event, filter, zone, String::equals);
            case CONTAINS -> anyValue(event, filter, zone, (value, wanted) -> value.contains(wanted));
            case MATCHES -> anyValue(event, filter, zone, (value, pattern) -> Pattern.compile(pattern).matcher(value).find());
            case GT, LT -> {
                Dimension.Property property = (Dimension.Property) filter.dimension();
                if (!(event.properties().get(property.key()) instanceof PropertyValue.Numeric number)) {
                    yield false;
                }
                double value = number.value().doubleValue();
                yield filter.op() == FilterOp.GT ? value > filter.threshold() : value < filter.threshold();
            }
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
