package io.tally.domain.query;

import io.tally.domain.event.Revenue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The additive facts an engine counts for one row of a report; every metric is computed from them in the domain,
 * so that rates and averages agree across engines to the last bit.
 *
 * @param events             selected events
 * @param visitors           distinct users among them
 * @param sessions           sessions whose first selected event falls in the row
 * @param pageviews          selected {@code page_view} events
 * @param bounces            of those sessions, the ones that entered on a selected event and have one event alone
 * @param sessionMillis      the summed durations (last minus first event) of those sessions
 * @param sessionPageviews   the page views of those sessions
 * @param conversions        selected {@code conversion} events
 * @param convertedVisitors  distinct users with a selected {@code conversion} event
 * @param revenue            the sum of the numeric {@code revenue} property, at {@link #REVENUE_SCALE} decimals
 * @param entries            of those sessions, the ones whose first event is selected (the bounce rate's base)
 * <p>
 * A session's events are its selected ones when a report selects whole sessions or none of their events apart (no
 * filter, or visit filters alone); with filters that select events, its whole self in the range (the events the
 * visit filters pass), so the session facts are those of the sessions holding a selected event.
 */
public record Aggregates(long events, long visitors, long sessions, long pageviews, long bounces,
                         long sessionMillis, long sessionPageviews, long conversions, long convertedVisitors,
                         BigDecimal revenue, long entries) {

    /** Revenue values are summed exactly at this many decimals (a value with more is rounded half-up first). */
    public static final int REVENUE_SCALE = Revenue.SCALE;
    public static final Aggregates ZERO = new Aggregates(0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);

    /**
     * The facts that cost an engine work of their own: visitors and converted visitors need a distinct count each
     * (the second one about doubles a visitors report's scan, so only the conversion rate asks for it), session facts
     * (sessions, bounces, session time and page views) the events ordered per session, revenue each event's amount.
     * An engine may leave a part out of a query that does not ask for it (its facts are then zero); the rest are
     * always counted. Which parts a query needs also decides which sources can answer it.
     */
    public enum Part {
        VISITORS, CONVERTED_VISITORS, SESSIONS, REVENUE;

        /** The distinct users: what only raw events or (estimated) the visitor sketches give. */
        public static final Set<Part> DISTINCT_USERS = Collections.unmodifiableSet(EnumSet.of(VISITORS, CONVERTED_VISITORS));
    }

    public Aggregates {
        Objects.requireNonNull(revenue, "revenue");
        revenue = revenue.setScale(REVENUE_SCALE, RoundingMode.HALF_UP);
    }

    /** Facts whose every session entered on a selected event (a report without filters that select events). */
    public Aggregates(long events, long visitors, long sessions, long pageviews, long bounces, long sessionMillis,
                      long sessionPageviews, long conversions, long convertedVisitors, BigDecimal revenue) {
        this(events, visitors, sessions, pageviews, bounces, sessionMillis, sessionPageviews, conversions, convertedVisitors,
                revenue, sessions);
    }

    /** These facts with other visitors and converted visitors (estimated ones: see {@link SketchedVisitors}). */
    public Aggregates withVisitorFacts(long visitors, long convertedVisitors) {
        return new Aggregates(events, visitors, sessions, pageviews, bounces, sessionMillis, sessionPageviews, conversions,
                convertedVisitors, revenue, entries);
    }

    /** These facts with the session facts (sessions, bounces, session time and page views) of {@code counted}. */
    public Aggregates withSessionFacts(Aggregates counted) {
        return new Aggregates(events, visitors, counted.sessions, pageviews, counted.bounces, counted.sessionMillis,
                counted.sessionPageviews, conversions, convertedVisitors, revenue, counted.entries);
    }
}
