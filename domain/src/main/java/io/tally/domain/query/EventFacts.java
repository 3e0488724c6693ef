package io.tally.domain.query;

import io.tally.domain.event.Event;
import io.tally.domain.event.Revenue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * The facts of {@link Aggregates} that events decide one at a time (everything but sessions), counted as events
 * come and mergeable, with distinct users kept as sets so that merged visitor counts stay exact. Not thread-safe.
 */
public final class EventFacts {

    private long events;
    private long pageviews;
    private long conversions;
    private BigDecimal revenue = BigDecimal.ZERO;
    private final Set<String> visitors = new HashSet<>();
    private final Set<String> converted = new HashSet<>();

    public void count(Event event) {
        count(event, true);
    }

    /** @param visitor whether the event makes its user a visitor (an engagement event does not) */
    public void count(Event event, boolean visitor) {
        events++;
        if (visitor) {
            visitors.add(event.userId());
        }
        if (event.eventType().equals(Metric.PAGE_VIEW_EVENT)) {
            pageviews++;
        }
        if (event.eventType().equals(Metric.CONVERSION_EVENT)) {
            conversions++;
            if (visitor) {
                converted.add(event.userId());
            }
        }
        Revenue.amount(event.properties()).ifPresent(amount -> revenue = revenue.add(amount));
    }

    public void merge(EventFacts other) {
        events += other.events;
        pageviews += other.pageviews;
        conversions += other.conversions;
        revenue = revenue.add(other.revenue);
        visitors.addAll(other.visitors);
        converted.addAll(other.converted);
    }

    /** These facts with the given session facts, every session entered on a selected event. */
    public Aggregates aggregates(long sessions, long bounces, long sessionMillis, long sessionPageviews) {
        return aggregates(sessions, sessions, bounces, sessionMillis, sessionPageviews);
    }

    /** These facts with the given session facts ({@link Aggregates} names them). */
    public Aggregates aggregates(long sessions, long entries, long bounces, long sessionMillis, long sessionPageviews) {
        return new Aggregates(events, visitors.size(), sessions, pageviews, bounces, sessionMillis, sessionPageviews,
                conversions, converted.size(), revenue, entries);
    }

    /** These facts alone, with no sessions counted. */
    public Aggregates aggregates() {
        return aggregates(0, 0, 0, 0);
    }
}
