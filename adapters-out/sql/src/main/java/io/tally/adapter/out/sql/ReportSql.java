package io.tally.adapter.out.sql;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.GoalBreakdown;
import io.tally.domain.query.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.tally.adapter.out.sql.ReportColumns.CONSTANT_KEY;
import static io.tally.adapter.out.sql.ReportColumns.EVENT_FACTS;
import static io.tally.adapter.out.sql.ReportColumns.SESSION_FACTS;
import static io.tally.adapter.out.sql.ReportColumns.TOTALS;

/**
 * A report (the {@code aggregate} of the analytics port) as one statement for every SQL store, answering in the
 * columns of {@link ReportColumns}. The selected events ({@code scoped}) carry the keys {@code d0…dn} and a constant
 * key {@code g}, so an ungrouped report over no events answers no row. Asked for totals, the same pass also groups by
 * the empty grouping set: that row is the one with {@code totals = 1} ({@code grouping(g)}), so a group whose
 * dimension values are all NULL is never taken for it. No row stands for no events ({@code HAVING}).
 * <p>
 * Session facts count in the group of the session's first selected event (by time, then event id); when filters select
 * events (not whole sessions), they are those of the whole sessions ({@code whole}: the range's events the visit filters
 * pass, grouped once by session), joined to each session's first selected event. A session's own
 * values (entry and exit page, source, channel) come from {@code visits}, the selected events grouped once by session
 * ({@link SqlCompiler#visitValues}): joined to each event, or, when every key is a session's, to each session's
 * events grouped by session and user ({@code pieces}), so no window sorts the events and a property's text is read
 * once a session. Session facts are grouped apart from the event facts and the two are added up by key in a
 * union ({@code GROUP BY} holds NULL keys equal, which a join would not), the costly parts only when a metric reads
 * them: distinct users for visitors, each event's amount for revenue, a pass per session for session facts.
 * Engagement events ({@link AggregateQuery#engagement}) are marked {@code engaged} in {@code scoped} (and the pieces
 * grouped apart by it): the visitors and every session pass read the unmarked rows alone, the event facts all rows.
 *
 * @param <P> the store's parameter collector
 */
public final class ReportSql<P extends Parameters> {

    private final SqlCompiler<P> compiler;
    private final Dialect<P> dialect;

    public ReportSql(SqlCompiler<P> compiler) {
        this.compiler = compiler;
        this.dialect = compiler.dialect();
    }

    /**
     * The report's statement, every user value bound in {@code params}.
     *
     * @param user    the column users are told apart by
     * @param session the column sessions are told apart by
     */
    public String statement(AggregateQuery query, P params, String user, String session) {
        List<Dimension> ofVisits = query.dimensions().stream().filter(ReportSql::ofVisit).toList();
        if (GoalBreakdown.groupsByGoal(query.dimensions()) && (!GoalBreakdown.inOnePass(query) || query.totalsBesideGroups())) {
            // an event of two goals is two rows here, which totals and sessions must not count twice
            throw new IllegalArgumentException("a report by goal with totals, session facts or values is counted by GoalBreakdown");
        }
        Keys keys = keys(query, params, ofVisits, user);
        Optional<String> engagement = query.engagement().isEmpty() ? Optional.empty() : Optional.of("event_type IN ("
                + String.join(", ", query.engagement().stream().sorted().map(params::text).toList()) + ")");
        Facts facts = new Facts(params.text(Metric.PAGE_VIEW_EVENT), params.text(Metric.CONVERSION_EVENT),
                query.counts(Aggregates.Part.VISITORS), query.counts(Aggregates.Part.CONVERTED_VISITORS), engagement.isPresent());
        String where = "project_id = " + dialect.project() + " AND " + dialect.kept() + " AND " + dialect.range(query.range(), params)
                + " AND " + compiler.filters(query.filters(), params, user, Optional.of(new SqlCompiler.VisitScope(session, query.range())))
                // by goal, only the events of some goal have a row: the others are left unread before their goals are listed
                + GoalBreakdown.goal(query.dimensions()).map(goal -> " AND " + compiler.filters(List.of(goal.anyGoal()), params, user))
                        .orElse("");
        String columns = "event_id, " + user + " AS user_key, " + session + " AS session_key, event_type, ts, "
                + (query.counts(Aggregates.Part.REVENUE) ? "revenue" : dialect.noRevenue()) + " AS amount"
                + engagement.map(types -> ", " + types + " AS engaged").orElse("");
        List<String> ctes = new ArrayList<>();
        if (!ofVisits.isEmpty()) {
            ctes.add("visits AS (" + compiler.visitValues(ofVisits, params, session, where) + ")");
        }
        // filters that select events leave sessions in parts: the session facts are then the whole sessions'
        List<Filter> visitFilters = query.filters().stream().filter(f -> f instanceof Filter.VisitMatch).toList();
        Optional<String> whole = query.counts(Aggregates.Part.SESSIONS) && visitFilters.size() < query.filters().size()
                ? Optional.of("whole") : Optional.empty();
        Optional<String> wholeCte = whole.map(name -> name + " AS (" + wholeSessions(query, params, user, session, visitFilters,
                facts, engagement) + ")");
        if (!ofVisits.isEmpty() && ofVisits.size() == query.dimensions().size()) {
            // every key is a session's: group each session's events once, then give the groups their keys
            ctes.add("scoped AS (SELECT " + columns + ", " + dialect.flag("0") + " AS " + CONSTANT_KEY + " FROM "
                    + dialect.events() + " WHERE " + where + ")");
            wholeCte.ifPresent(ctes::add);
            ctes.add("pieces AS (" + keyedPieces(keys, facts, ofVisits.size()) + ")");
            return with(ctes) + (query.counts(Aggregates.Part.SESSIONS)
                    ? sum(keys, eventFacts(keys, ofPieces(), facts), sessionFacts(keys, sessionsOfPieces(keys, facts, whole), whole))
                    : eventFacts(keys, ofPieces(), facts));
        }
        String from = ofVisits.isEmpty() ? dialect.events()
                : dialect.events() + " JOIN visits ON " + session + " = visits." + SqlCompiler.VISIT_SESSION;
        ctes.add("scoped AS (SELECT " + columns + ", " + String.join(", ", keys.columns()) + " FROM " + from + " WHERE " + where + ")");
        if (!query.counts(Aggregates.Part.SESSIONS)) {
            return with(ctes) + eventFacts(keys, ofEvents(facts), facts);
        }
        wholeCte.ifPresent(ctes::add);
        if (dialect.sessionsFromPieces()) {
            ctes.add("pieces AS (" + pieces(keys, facts) + ")");
            return with(ctes) + sum(keys, eventFacts(keys, ofPieces(), facts), sessionFacts(keys, sessionsOfPieces(keys, facts, whole), whole));
        }
        return with(ctes) + sum(keys, eventFacts(keys, ofEvents(facts), facts),
                sessionFacts(keys, sessionsOfEvents(keys, facts, whole), whole));
    }

    private static String with(List<String> ctes) {
        return "WITH " + String.join(",\n", ctes) + "\n";
    }

    /** Whether a dimension is a session's value ({@link SqlCompiler#visitValues}) rather than one event's. */
    private static boolean ofVisit(Dimension dimension) {
        return dimension instanceof Dimension.EntryPage || dimension instanceof Dimension.ExitPage
                || dimension instanceof Dimension.VisitOrigin;
    }

    /** The keys' columns in {@code scoped}, their names, and how each part groups by them. */
    private record Keys(List<String> columns, List<String> names, String groupBy, String totals) {
        String list() {
            return String.join(", ", names);
        }
    }

    /** A session's keys come from {@code visits} ({@code v0…}, in the order of {@code ofVisits}), an event's from its row. */
    private Keys keys(AggregateQuery query, P params, List<Dimension> ofVisits, String user) {
        List<String> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            Dimension dimension = query.dimensions().get(i);
            String value = ofVisit(dimension) ? "visits." + SqlCompiler.visitValue(ofVisits.indexOf(dimension))
                    : dimension instanceof Dimension.Goal goal ? goalKey(goal, params, user)
                    : compiler.dimension(dimension, params, query.zone(), Optional.of(query.range()));
            columns.add(value + " AS " + ReportColumns.dimension(i));
            names.add(ReportColumns.dimension(i));
        }
        columns.add(dialect.flag("0") + " AS " + CONSTANT_KEY);
        names.add(CONSTANT_KEY);
        String list = String.join(", ", names);
        return query.totalsBesideGroups()
                ? new Keys(columns, names, "GROUPING SETS ((" + list + "), ())", dialect.flag("grouping(" + CONSTANT_KEY + ")"))
                : new Keys(columns, names, list, dialect.flag("0"));
    }

    /** The names of the goals an event completes, its row repeated once per goal (and gone when it completes none). */
    private String goalKey(Dimension.Goal goal, P params, String user) {
        return dialect.eachMet(goal.goals().stream().map(criteria -> compiler.criteria(criteria, params, user)).toList(),
                goal.names().stream().map(params::text).toList());
    }

    /**
     * Each session's events grouped once by session and user, then given the session's keys from {@code visits}: the
     * pieces of a report whose every key is a session's.
     */
    private String keyedPieces(Keys keys, Facts facts, int visitKeys) {
        List<String> keyed = new ArrayList<>();
        for (int i = 0; i < visitKeys; i++) {
            keyed.add("visits." + SqlCompiler.visitValue(i) + " AS " + keys.names().get(i));
        }
        return "SELECT by_session.session_key AS session_key, by_session.user_key AS user_key, " + String.join(", ", keyed)
                + ", by_session." + CONSTANT_KEY + " AS " + CONSTANT_KEY + ", piece_events, piece_pageviews, piece_conversions, piece_revenue, "
                + facts.withMark("first, first_ts, last")
                + " FROM (" + piecesGroupedBy(facts, CONSTANT_KEY) + ") AS by_session JOIN visits ON by_session.session_key = visits."
                + SqlCompiler.VISIT_SESSION;
    }

    /**
     * The event types the facts count (bound once), whether distinct users are counted, and whether rows are marked
     * {@code engaged} (engagement events, in no visitor or session fact).
     */
    private record Facts(String pageView, String conversion, boolean visitors, boolean convertedVisitors, boolean marked) {

        /** After {@code joiner} ({@code WHERE} or {@code AND}), the test keeping the rows of no engagement event; nothing when none are marked. */
        String unengaged(String joiner) {
            return marked ? " " + joiner + " NOT engaged" : "";
        }

        /** The column list with the mark, when rows are marked. */
        String withMark(String columns) {
            return marked ? columns + ", engaged" : columns;
        }
    }

    /**
     * How the event facts are counted from the rows of {@code from}: each a selected event, or a piece (a session's
     * events of one user in one group, with their counts, named apart from the facts: ClickHouse would read a
     * {@code conversions} inside {@code sum(…) AS conversions} as the sum itself).
     */
    private record EventSource(String from, String events, String pageviews, String conversions, String converted,
                               String amount) {
    }

    /** Distinct users among the rows, the engagement events' left out. */
    private String visitors(Facts facts) {
        return facts.marked() ? dialect.distinctCountWhere("user_key", "NOT engaged") : dialect.distinctCount("user_key");
    }

    private EventSource ofEvents(Facts facts) {
        return new EventSource("scoped", "count(*)", dialect.countWhere("event_type = " + facts.pageView()),
                dialect.countWhere("event_type = " + facts.conversion()), "event_type = " + facts.conversion(), "amount");
    }

    private static EventSource ofPieces() {
        return new EventSource("pieces", "sum(piece_events)", "sum(piece_pageviews)", "sum(piece_conversions)",
                "piece_conversions > 0", "piece_revenue");
    }

    /** The event facts by group, the session facts at zero. */
    private String eventFacts(Keys keys, EventSource source, Facts facts) {
        String zero = dialect.bigint("0");
        List<String> values = new ArrayList<>(List.of(dialect.bigint(source.events()),
                facts.visitors() ? dialect.bigint(visitors(facts)) : zero,
                dialect.bigint(source.pageviews()), dialect.bigint(source.conversions()),
                // a distinct count of its own, as dear as the visitors': only the conversion rate asks for it
                facts.convertedVisitors() ? dialect.bigint(dialect.distinctCountWhere("user_key", source.converted()
                        + facts.unengaged("AND"))) : zero,
                dialect.decimal("coalesce(sum(" + source.amount() + "), 0)")));
        SESSION_FACTS.forEach(fact -> values.add(zero));
        return "SELECT " + keys.list() + ", " + keys.totals() + " AS " + TOTALS + ", " + named(values) + " FROM "
                + source.from() + " GROUP BY " + keys.groupBy() + " HAVING count(*) > 0";
    }

    /**
     * The selected events grouped once by session, user and keys: both the groups' event facts and the sessions'
     * facts are read from them, so the events are read once and no window sorts them.
     */
    private String pieces(Keys keys, Facts facts) {
        return piecesGroupedBy(facts, keys.list());
    }

    /** The selected events grouped by session, user and {@code columns} of {@code scoped}, with their facts. */
    private String piecesGroupedBy(Facts facts, String columns) {
        return "SELECT session_key, user_key, " + facts.withMark(columns) + ", count(*) AS piece_events, "
                + dialect.countWhere("event_type = " + facts.pageView()) + " AS piece_pageviews, "
                + dialect.countWhere("event_type = " + facts.conversion()) + " AS piece_conversions, sum(amount) AS piece_revenue, min("
                + dialect.eventOrder() + ") AS first, min(ts) AS first_ts, max(ts) AS last FROM scoped GROUP BY session_key, "
                + "user_key, " + facts.withMark(columns);
    }

    /**
     * Every session of the range holding a selected event ({@code scoped}), as the visit filters alone select it (all of
     * it without them), once per session: its size, span, page views and first event's order ({@code entry}), for the
     * session facts of a report whose filters select events.
     */
    private String wholeSessions(AggregateQuery query, P params, String user, String session, List<Filter> visitFilters,
                                 Facts facts, Optional<String> engagement) {
        // only the sessions holding a selected event: a semi-join, so a page filter's few sessions are all that is grouped
        String where = "project_id = " + dialect.project() + " AND " + dialect.kept() + " AND " + dialect.range(query.range(), params)
                + " AND " + compiler.filters(visitFilters, params, user, Optional.of(new SqlCompiler.VisitScope(session, query.range())))
                + engagement.map(types -> " AND NOT " + types).orElse("")
                + " AND " + session + " IN (SELECT session_key FROM scoped" + facts.unengaged("WHERE") + ")";
        return "SELECT session_key, count(*) AS size, " + dialect.epochMillis("max(ts)") + " - " + dialect.epochMillis("min(ts)")
                + " AS span_ms, " + dialect.countWhere("event_type = " + facts.pageView()) + " AS pv, min(" + dialect.eventOrder()
                + ") AS entry FROM (SELECT " + session + " AS session_key, event_id, event_type, ts FROM " + dialect.events()
                + " WHERE " + where + ") AS ranged GROUP BY session_key";
    }

    /**
     * One row per session from its pieces: the keys of its first piece, its size, span and page views; those of its
     * whole self when {@code whole} names the sessions' CTE.
     */
    private String sessionsOfPieces(Keys keys, Facts facts, Optional<String> whole) {
        String k = dialect.first(dialect.keyTuple(keys.names()), "first") + " AS k";
        String from = "FROM pieces" + facts.unengaged("WHERE") + " GROUP BY session_key";
        return whole.map(name -> ofWhole(k + ", min(first) AS first_selected, session_key " + from, name))
                .orElse("SELECT " + k + ", sum(piece_events) AS size, " + dialect.epochMillis("max(last)") + " - "
                        + dialect.epochMillis("min(first_ts)") + " AS span_ms, sum(piece_pageviews) AS pv " + from);
    }

    /**
     * One row per session from its events: the keys of its first event, its size, span and page views; those of its
     * whole self when {@code whole} names the sessions' CTE.
     */
    private String sessionsOfEvents(Keys keys, Facts facts, Optional<String> whole) {
        String k = dialect.first(dialect.keyTuple(keys.names()), dialect.eventOrder()) + " AS k";
        String from = "FROM scoped" + facts.unengaged("WHERE") + " GROUP BY session_key";
        return whole.map(name -> ofWhole(k + ", min(" + dialect.eventOrder() + ") AS first_selected, session_key " + from, name))
                .orElse("SELECT " + k + ", count(*) AS size, " + dialect.epochMillis("max(ts)") + " - " + dialect.epochMillis("min(ts)")
                        + " AS span_ms, " + dialect.countWhere("event_type = " + facts.pageView()) + " AS pv " + from);
    }

    /** Each session's keys ({@code selected}: k, first_selected, session_key) with its whole self's facts, and whether it entered on a selected event. */
    private static String ofWhole(String selected, String whole) {
        return "SELECT s.k AS k, w.size AS size, w.span_ms AS span_ms, w.pv AS pv, w.entry = s.first_selected AS entered"
                + " FROM (SELECT " + selected + ") AS s JOIN " + whole + " AS w ON w.session_key = s.session_key";
    }

    /**
     * The session facts by group of the sessions' first events, the event facts at zero: with whole sessions, a bounce
     * and an entry only where the session entered on a selected event.
     */
    private String sessionFacts(Keys keys, String sessions, Optional<String> whole) {
        String zero = dialect.bigint("0");
        List<String> values = new ArrayList<>();
        EVENT_FACTS.forEach(fact -> values.add(fact.equals(ReportColumns.REVENUE) ? dialect.decimal("0") : zero));
        values.addAll(List.of(dialect.bigint("count(*)"),
                dialect.bigint(dialect.countWhere(whole.isPresent() ? "entered AND size = 1" : "size = 1")),
                dialect.bigint("sum(span_ms)"), dialect.bigint("sum(pv)"),
                dialect.bigint(whole.isPresent() ? dialect.countWhere("entered") : "count(*)")));
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < keys.names().size(); i++) {
            fields.add(dialect.keyField("k", keys.names().get(i), i) + " AS " + keys.names().get(i));
        }
        return "SELECT " + keys.list() + ", " + keys.totals() + " AS " + TOTALS + ", " + named(values) + " FROM (SELECT "
                + String.join(", ", fields) + ", size, span_ms, pv" + (whole.isPresent() ? ", entered" : "") + " FROM ("
                + sessions + ") AS per_session) AS firsts GROUP BY " + keys.groupBy() + " HAVING count(*) > 0";
    }

    /** Both parts added up by key (and totals mark): a group's row holds its event facts and its session facts. */
    private String sum(Keys keys, String eventFacts, String sessionFacts) {
        List<String> values = new ArrayList<>();
        EVENT_FACTS.forEach(fact -> values.add(fact.equals(ReportColumns.REVENUE)
                ? dialect.decimal("sum(" + fact + ")") : dialect.bigint("sum(" + fact + ")")));
        SESSION_FACTS.forEach(fact -> values.add(dialect.bigint("sum(" + fact + ")")));
        return "SELECT " + keys.list() + ", " + TOTALS + ", " + named(values) + "\nFROM (\n" + eventFacts + "\nUNION ALL\n"
                + sessionFacts + "\n) AS parts GROUP BY " + keys.list() + ", " + TOTALS;
    }

    /** The facts' values under their names, event facts first. */
    private static String named(List<String> values) {
        List<String> names = new ArrayList<>(EVENT_FACTS);
        names.addAll(SESSION_FACTS);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            columns.add(values.get(i) + " AS " + names.get(i));
        }
        return String.join(", ", columns);
    }
}
