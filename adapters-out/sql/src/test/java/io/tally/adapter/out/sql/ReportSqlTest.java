package io.tally.adapter.out.sql;

import io.tally.adapter.out.sql.SqlCompilerTest.Bound;
import io.tally.adapter.out.sql.SqlCompilerTest.Spelled;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report statement written once for every store, read through the plain-call dialect of {@link SqlCompilerTest}
 * ({@code bigint(…)}, {@code first_by(…)}): its parts, its named columns, and every user value bound, never inlined.
 */
class ReportSqlTest {

    private static final TimeRange RANGE = new TimeRange(Instant.ofEpochSecond(1_000), Instant.ofEpochSecond(2_000));
    private static final List<String> FACTS = List.of("events", "visitors", "pageviews", "conversions",
            "converted_visitors", "revenue", "sessions", "bounces", "session_ms", "session_pageviews", "entries");
    private static final String HOSTILE = "x') OR 1=1 --";
    /** A property key as odd as keys may be (the request rules refuse quotes and spaces in keys). */
    private static final String KEY = "$odd:key/-.x";

    private final Bound params = new Bound();

    private static String statement(AggregateQuery query, Bound params, boolean pieces) {
        return new ReportSql<>(new SqlCompiler<>(new Spelled(pieces))).statement(query, params, "uid", "sid");
    }

    private static AggregateQuery query(List<Dimension> dimensions, List<Filter> filters, Set<Aggregates.Part> parts) {
        return new AggregateQuery("p1", RANGE, ZoneOffset.UTC, dimensions, filters, parts);
    }

    /** The columns of the statement's answer: the first line that is a SELECT, after the CTEs. */
    private static List<String> answerColumns(String sql) {
        String select = sql.lines().filter(line -> line.startsWith("SELECT ")).findFirst().orElseThrow();
        String columns = select.substring("SELECT ".length(), select.contains(" FROM ") ? select.indexOf(" FROM ") : select.length());
        List<String> names = new ArrayList<>();
        for (String column : columns.split(", (?![^(]*\\))")) {
            names.add(column.contains(" AS ") ? column.substring(column.lastIndexOf(" AS ") + 4) : column);
        }
        return names;
    }

    @Test
    void an_ungrouped_report_without_sessions_is_one_grouping_of_the_selected_events_by_a_constant_key() {
        String sql = statement(query(List.of(), List.of(), EnumSet.of(Aggregates.Part.VISITORS,
                Aggregates.Part.CONVERTED_VISITORS, Aggregates.Part.REVENUE)), params, true);
        assertThat(sql).isEqualTo("""
                WITH scoped AS (SELECT event_id, uid AS user_key, sid AS session_key, event_type, ts, revenue AS amount, \
                flag(0) AS g FROM ev WHERE project_id = ?project AND kept() AND in_range(?2, ?3) AND T)
                SELECT g, flag(0) AS totals, bigint(count(*)) AS events, bigint(distinct_count(user_key)) AS visitors, \
                bigint(count_where(event_type = ?0)) AS pageviews, bigint(count_where(event_type = ?1)) AS conversions, \
                bigint(distinct_count_where(user_key, event_type = ?1)) AS converted_visitors, \
                decimal(coalesce(sum(amount), 0)) AS revenue, bigint(0) AS sessions, bigint(0) AS bounces, \
                bigint(0) AS session_ms, bigint(0) AS session_pageviews, bigint(0) AS entries FROM scoped GROUP BY g HAVING count(*) > 0""");
        assertThat(params.values).containsExactly("page_view", "conversion", 1_000L, 2_000L);
    }

    @Test
    void visitors_alone_leave_the_converted_visitors_uncounted() {
        String sql = statement(query(List.of(), List.of(), EnumSet.of(Aggregates.Part.VISITORS)), params, true);
        assertThat(sql).contains("bigint(distinct_count(user_key)) AS visitors")
                .contains("bigint(0) AS converted_visitors").doesNotContain("distinct_count_where");
    }

    @Test
    void parts_no_metric_reads_are_left_at_zero_or_null() {
        String sql = statement(query(List.of(), List.of(), EnumSet.noneOf(Aggregates.Part.class)), params, true);
        assertThat(sql).contains("no_revenue() AS amount").contains("bigint(0) AS visitors")
                .contains("bigint(0) AS converted_visitors").doesNotContain("distinct_count").doesNotContain("UNION ALL");
    }

    @Test
    void every_report_answers_in_the_named_columns_whatever_its_parts_and_plan() {
        List<Dimension> two = List.of(new Dimension.Time(Granularity.DAY), new Dimension.Property("country"));
        List<String> expected = new ArrayList<>(List.of("d0", "d1", "g", "totals"));
        expected.addAll(FACTS);
        for (boolean pieces : List.of(true, false)) {
            for (Set<Aggregates.Part> parts : List.of(EnumSet.allOf(Aggregates.Part.class), EnumSet.noneOf(Aggregates.Part.class))) {
                assertThat(answerColumns(statement(query(two, List.of(), parts), new Bound(), pieces)))
                        .as("pieces %s, parts %s", pieces, parts).containsExactlyElementsOf(expected);
                assertThat(answerColumns(statement(query(two, List.of(), parts).withTotals(), new Bound(), pieces)))
                        .as("totals, pieces %s, parts %s", pieces, parts).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void totals_group_both_parts_by_the_empty_grouping_set_too_and_mark_its_row() {
        String sql = statement(query(List.of(new Dimension.EventType()), List.of(), EnumSet.allOf(Aggregates.Part.class))
                .withTotals(), params, false);
        assertThat(sql.split("GROUPING SETS \\(\\(d0, g\\), \\(\\)\\) HAVING count\\(\\*\\) > 0", -1)).hasSize(3);
        assertThat(sql.split("flag\\(grouping\\(g\\)\\) AS totals", -1)).hasSize(3);
        assertThat(sql).endsWith(") AS parts GROUP BY d0, g, totals");
    }

    @Test
    void sessions_from_pieces_group_the_events_once_by_session_user_and_keys() {
        String sql = statement(query(List.of(new Dimension.EventType()), List.of(), EnumSet.allOf(Aggregates.Part.class)),
                params, true);
        assertThat(sql).contains("pieces AS (SELECT session_key, user_key, d0, g, count(*) AS piece_events")
                .contains("FROM scoped GROUP BY session_key, user_key, d0, g)")
                .contains("bigint(sum(piece_events)) AS events").contains("FROM pieces GROUP BY d0, g HAVING count(*) > 0")
                .contains("SELECT first_by(key_tuple(d0, g), first) AS k, sum(piece_events) AS size")
                .contains("FROM pieces GROUP BY session_key")
                .contains("key_field(k, d0, 0) AS d0, key_field(k, g, 1) AS g");
    }

    @Test
    void sessions_apart_group_the_selected_events_by_session_and_take_the_keys_of_the_first() {
        String sql = statement(query(List.of(new Dimension.EventType()), List.of(), EnumSet.allOf(Aggregates.Part.class)),
                params, false);
        assertThat(sql).doesNotContain("pieces")
                .contains("SELECT first_by(key_tuple(d0, g), event_order()) AS k, count(*) AS size, "
                        + "epoch_millis(max(ts)) - epoch_millis(min(ts)) AS span_ms, count_where(event_type = ?0) AS pv "
                        + "FROM scoped GROUP BY session_key")
                .contains("bigint(count(*)) AS sessions, bigint(count_where(size = 1)) AS bounces")
                .contains("bigint(count(*)) AS entries").doesNotContain("whole");
    }

    @Test
    void a_filter_selecting_events_takes_the_session_facts_from_the_whole_sessions_of_the_range() {
        Filter.Match pageViews = new Filter.Match(FilterOp.IS, new Dimension.EventType(), List.of("page_view"));
        String sql = statement(query(List.of(new Dimension.EventType()), List.of(pageViews), EnumSet.allOf(Aggregates.Part.class)),
                params, false);
        assertThat(sql)
                .contains("whole AS (SELECT session_key, count(*) AS size, epoch_millis(max(ts)) - epoch_millis(min(ts)) AS span_ms, ")
                .contains("min(event_order()) AS entry FROM (SELECT sid AS session_key, event_id, event_type, ts FROM ev WHERE ")
                .contains("w.entry = s.first_selected AS entered")
                .contains("JOIN whole AS w ON w.session_key = s.session_key")
                .contains("bigint(count_where(entered AND size = 1)) AS bounces")
                .contains("bigint(count_where(entered)) AS entries");
        // the whole sessions pass no filter of events (no filters at all, T), only the selected events do; and only the
        // sessions holding a selected event are grouped
        String whole = sql.substring(sql.indexOf("whole AS"), sql.indexOf("GROUP BY session_key", sql.indexOf("whole AS")));
        assertThat(whole).endsWith("AND T AND sid IN (SELECT session_key FROM scoped)) AS ranged ");
        assertThat(sql.indexOf("scoped AS")).as("scoped comes before the sessions that read it").isLessThan(sql.indexOf("whole AS"));
        assertThat(sql.substring(sql.indexOf("scoped AS"))).contains("AND (type_text IS NOT NULL AND in_list(nn(type_text), ?4)))");
    }

    @Test
    void a_report_by_session_values_alone_keys_each_session_s_pieces_from_its_visit() {
        String sql = statement(query(List.of(new Dimension.ExitPage()), List.of(), EnumSet.allOf(Aggregates.Part.class)),
                params, false);
        assertThat(sql).doesNotContain(" OVER ")
                .contains("visits AS (SELECT visit_session, exit_of_visit AS v0 FROM (SELECT visit_session, "
                        + "key_field(last_of_visit, path, 0) AS exit_of_visit FROM (SELECT sid AS visit_session, "
                        + "last_by(key_tuple(path), event_order()) AS last_of_visit FROM ev WHERE ")
                .contains("GROUP BY sid) AS grouped_visits) AS opened_visits)")
                .contains("pieces AS (SELECT by_session.session_key AS session_key, by_session.user_key AS user_key, visits.v0 AS d0, ")
                .contains("JOIN visits ON by_session.session_key = visits.visit_session");
    }

    @Test
    void a_session_value_beside_an_event_s_is_joined_to_each_event() {
        String sql = statement(query(List.of(new Dimension.EventType(), new Dimension.EntryPage()), List.of(),
                EnumSet.allOf(Aggregates.Part.class)), params, false);
        assertThat(sql).doesNotContain(" OVER ")
                .contains("first_by(key_tuple(path), event_order()) AS first_of_visit")
                .contains("visits.v0 AS d1")
                .contains("FROM ev JOIN visits ON sid = visits.visit_session WHERE ");
    }

    @Test
    void every_user_value_is_bound_never_inlined() {
        List<Filter> filters = List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of(HOSTILE)),
                new Filter.Match(FilterOp.CONTAINS, new Dimension.Property("country"), List.of(HOSTILE + "c")));
        for (boolean pieces : List.of(true, false)) {
            Bound bound = new Bound();
            String sql = statement(query(List.of(new Dimension.Property(KEY)), filters,
                    EnumSet.allOf(Aggregates.Part.class)).withTotals(), bound, pieces);
            assertThat(sql).doesNotContain("1=1").doesNotContain("'").doesNotContain(KEY).doesNotContain("= page_view");
            assertThat(bound.values).contains(HOSTILE, HOSTILE + "c", "key:" + KEY, "page_view", "conversion",
                    1_000L, 2_000L);
        }
    }
}
