package io.tally.domain.query;

import io.tally.domain.acquisition.Acquisition;
import io.tally.domain.acquisition.Channel;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.EventValidator;
import io.tally.domain.time.Granularity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report groups by. Every dimension but time, event type, entry and exit page, source, channel and goal reads an event property: the named ones
 * ({@code country}, {@code browser}, {@code utm_source}, …) are properties that enrichment fills or the
 * event carries, {@code prop:<key>} any other. The exit page is a session's, not one event's.
 */
public sealed interface Dimension {

    /** The name on the wire: {@code time:day}, {@code event_type}, {@code country}, {@code prop:plan}, {@code exit_page}. */
    String label();

    /**
     * Whether one event alone has a value for it. The exit page needs the event's whole session, so only reports
     * group by it: filters, funnel breakdowns, path nodes and live views refuse it.
     */
    default boolean ofOneEvent() {
        return true;
    }

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

    /**
     * The {@code path} (as text, as {@code prop:path} reads it) of the first selected event of the event's session, by
     * (time, event id); null when that event has no path. Selected as for {@link ExitPage}: a session counts under its
     * entry page, and each of its events too (so page views by entry page are the page views of the sessions that
     * entered there).
     */
    record EntryPage() implements Dimension {
        @Override
        public String label() {
            return "entry_page";
        }

        @Override
        public boolean ofOneEvent() {
            return false;
        }
    }

    /**
     * The {@code path} (as text, as {@code prop:path} reads it) of the last selected event of the event's session, by
     * (time, event id); null when that event has no path. Selected means in the range and passing the filters, as
     * session metrics select: a session counts under its exit page, and each of its events too.
     */
    record ExitPage() implements Dimension {
        /** The property whose value on the session's last event is the exit page. */
        public static final String PATH = "path";

        @Override
        public String label() {
            return "exit_page";
        }

        @Override
        public boolean ofOneEvent() {
            return false;
        }
    }

    /**
     * Where the event's session came from: the {@code source} or {@code channel} property (which ingest classifies
     * from the referrer and campaign parameters, docs/analytics.md "Channels") of the session's first selected event
     * by (time, event id), or {@code Direct / None} / {@code Direct} when that event has none. Selected as for
     * {@link EntryPage}: a session and each of its events count under it, so a visit's later page views keep its
     * channel.
     */
    record VisitOrigin(Part part) implements Dimension {
        public enum Part {
            SOURCE(Enrichment.Origin.SOURCE_KEY, Acquisition.DIRECT_SOURCE),
            CHANNEL(Enrichment.Origin.CHANNEL_KEY, Channel.DIRECT.label());

            private final String key;
            private final String direct;

            Part(String key, String direct) {
                this.key = key;
                this.direct = direct;
            }

            /** The property holding it, and the dimension's name. */
            public String key() {
                return key;
            }

            /** The value of a session whose first selected event has none. */
            public String direct() {
                return direct;
            }
        }

        public VisitOrigin {
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String label() {
            return part.key();
        }

        @Override
        public boolean ofOneEvent() {
            return false;
        }
    }

    /**
     * The saved goals an event completes ({@code goal} on the wire): a report by goal has a row per goal, holding the
     * events of that goal, so an event completing two goals counts in both rows and one completing none in no row (the
     * totals count each event of some goal once). {@code names} are the project's saved goals when the request was
     * read, each with its criteria; by definition one report per goal ({@link GoalBreakdown}), counted in one pass by
     * the engines when no session fact or value is asked.
     */
    record Goal(List<String> names, List<EventCriteria> goals) implements Dimension, CacheKey.Keyed {
        public static final String LABEL = "goal";

        public Goal {
            names = List.copyOf(names);
            goals = List.copyOf(goals);
            if (names.isEmpty() || names.size() != goals.size()) {
                throw new IllegalArgumentException("a goal dimension names its goals, each resolved");
            }
        }

        @Override
        public String label() {
            return LABEL;
        }

        @Override
        public boolean ofOneEvent() {
            return false; // an event may complete several goals
        }

        /** The filter selecting the events of the {@code i}-th goal. */
        public Filter.GoalMatch goal(int i) {
            return new Filter.GoalMatch(FilterOp.IS, List.of(names.get(i)), List.of(goals.get(i)));
        }

        /** The filter selecting the events of any of its goals. */
        public Filter.GoalMatch anyGoal() {
            return new Filter.GoalMatch(FilterOp.IS, names, goals);
        }

        @Override
        public String cacheKey() {
            return CacheKey.of(LABEL, names, goals);
        }
    }

    /** The dimension a label names, if any. */
    static Optional<Dimension> fromLabel(String label) {
        if (label.equals("event_type")) {
            return Optional.of(new EventType());
        }
        if (label.equals("exit_page")) {
            return Optional.of(new ExitPage());
        }
        if (label.equals("entry_page")) {
            return Optional.of(new EntryPage());
        }
        for (VisitOrigin.Part part : VisitOrigin.Part.values()) {
            if (label.equals(part.key())) {
                return Optional.of(new VisitOrigin(part));
            }
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
