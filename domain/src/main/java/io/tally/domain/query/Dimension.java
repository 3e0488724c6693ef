package io.tally.domain.query;

import io.tally.domain.event.EventValidator;
import io.tally.domain.time.Granularity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report groups by. Every dimension but time and event type reads an event property: the named ones
 * ({@code country}, {@code browser}, {@code utm_source}, …) are properties that enrichment fills or the
 * event carries, {@code prop:<key>} any other.
 */
public sealed interface Dimension {

    /** The name on the wire: {@code time:day}, {@code event_type}, {@code country}, {@code prop:plan}. */
    String label();

    /** Properties with a name of their own in the query language. */
    List<String> NAMED_PROPERTIES = List.of("country", "region", "city", "browser", "os", "device", "referrer",
            "utm_source", "utm_medium", "utm_campaign");

    record Time(Granularity granularity) implements Dimension {
        public Time {
            Objects.requireNonNull(granularity, "granularity");
        }

        @Override
        public String label() {
            return "time:" + granularity.label();
        }
    }

    record EventType() implements Dimension {
        @Override
        public String label() {
            return "event_type";
        }
    }

    /** A property's value as text: numbers in their shortest plain form ({@code 12.5}, {@code 3}), flags as {@code true}/{@code false}. */
    record Property(String key) implements Dimension {
        public Property {
            if (!EventValidator.PROPERTY_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a property key: " + key);
            }
        }

        @Override
        public String label() {
            return NAMED_PROPERTIES.contains(key) ? key : "prop:" + key;
        }
    }

    /** The dimension a label names, if any. */
    static Optional<Dimension> fromLabel(String label) {
        if (label.equals("event_type")) {
            return Optional.of(new EventType());
        }
        if (NAMED_PROPERTIES.contains(label)) {
            return Optional.of(new Property(label));
        }
        if (label.startsWith("time:")) {
            return Granularity.fromLabel(label.substring(5)).map(Time::new);
        }
        if (label.startsWith("prop:") && EventValidator.PROPERTY_KEY.matcher(label.substring(5)).matches()
                && label.length() <= 5 + 128) {
            return Optional.of(new Property(label.substring(5)));
        }
        return Optional.empty();
    }
}
