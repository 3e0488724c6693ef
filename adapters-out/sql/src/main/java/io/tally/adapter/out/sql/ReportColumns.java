package io.tally.adapter.out.sql;

import java.util.List;

/**
 * The names of a report statement's columns, which {@link ReportSql} writes and {@link ReportRows} reads: the keys
 * {@code d0…dn} and {@code g}, the {@code totals} mark, then the facts of {@code Aggregates}, event facts first.
 */
public final class ReportColumns {

    /** The constant key: an ungrouped report still has one, so it answers no row, not a row of zeros, over no events. */
    public static final String CONSTANT_KEY = "g";
    /** 1 on the row of the totals (the empty grouping set), 0 on a group's row. */
    public static final String TOTALS = "totals";
    public static final String EVENTS = "events";
    public static final String VISITORS = "visitors";
    public static final String PAGEVIEWS = "pageviews";
    public static final String CONVERSIONS = "conversions";
    public static final String CONVERTED_VISITORS = "converted_visitors";
    public static final String REVENUE = "revenue";
    public static final String SESSIONS = "sessions";
    public static final String BOUNCES = "bounces";
    public static final String SESSION_MS = "session_ms";
    public static final String SESSION_PAGEVIEWS = "session_pageviews";
    public static final String ENTRIES = "entries";

    /** The facts counted from events, in the order every part of a statement lists them. */
    static final List<String> EVENT_FACTS = List.of(EVENTS, VISITORS, PAGEVIEWS, CONVERSIONS, CONVERTED_VISITORS, REVENUE);
    /** The facts counted from sessions, after the event facts. */
    static final List<String> SESSION_FACTS = List.of(SESSIONS, BOUNCES, SESSION_MS, SESSION_PAGEVIEWS, ENTRIES);

    private ReportColumns() {
    }

    /** The value of the report's dimension at {@code index} (from 0). */
    public static String dimension(int index) {
        return "d" + index;
    }
}
