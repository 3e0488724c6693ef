package io.tally.adapter.out.sql;

import io.tally.adapter.out.sql.SqlCompilerTest.Bound;
import io.tally.adapter.out.sql.SqlCompilerTest.Spelled;
import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The paths statement written once for every store, read through the plain-call dialect of {@link SqlCompilerTest}. */
class PathsSqlTest {

    private static final TimeRange RANGE = new TimeRange(Instant.ofEpochSecond(1_000), Instant.ofEpochSecond(2_000));
    private static final String HOSTILE = "x') OR 1=1 --";

    private final Bound params = new Bound();

    private String statement(EventCriteria anchor, PathDirection direction, Dimension node) {
        PathsQuery query = new PathsQuery("p1", anchor, direction, 3, 10, node, RANGE, ZoneOffset.UTC);
        return new PathsSql<>(new SqlCompiler<>(new Spelled())).statement(query, params, "uid", "sid");
    }

    @Test
    void positions_number_each_sessions_events_and_rows_count_each_node_after_an_anchor_beside_the_anchors_count() {
        String sql = statement(EventCriteria.of("signup"), PathDirection.NEXT, new Dimension.EventType());
        assertThat(sql).isEqualTo("""
                WITH scoped AS (SELECT uid, sid AS session_key, event_id, ts, event_type, properties, path, referrer, \
                utm_source, utm_medium, utm_campaign, country, region, city, browser, os, device, type_text AS node, \
                row_number() OVER (PARTITION BY sid ORDER BY ts, event_id) AS position FROM ev WHERE project_id = ?project \
                AND kept() AND in_range(?0, ?1)),
                anchors AS (SELECT session_key, position FROM scoped WHERE (event_type = ?2 AND T))
                SELECT bigint(CASE WHEN x.position > a.position THEN x.position - a.position ELSE a.position - x.position END) \
                AS k, x.node AS node, count(*) AS occurrences FROM anchors AS a INNER JOIN scoped AS x \
                ON x.session_key = a.session_key WHERE x.position BETWEEN a.position + 1 AND a.position + 3 GROUP BY k, node
                UNION ALL
                SELECT bigint(0), no_text(), count(*) FROM anchors""");
        assertThat(params.values).containsExactly(1_000L, 2_000L, "signup");
    }

    @Test
    void previous_paths_read_the_positions_before_the_anchor() {
        String sql = statement(EventCriteria.of("buy"), PathDirection.PREVIOUS, new Dimension.EventType());
        assertThat(sql).contains("WHERE x.position BETWEEN a.position - 3 AND a.position - 1 GROUP BY k, node");
    }

    @Test
    void a_property_node_is_read_by_a_bound_key_and_the_anchors_filters_are_bound_never_inlined() {
        String sql = statement(EventCriteria.of("buy", new Filter.Match(FilterOp.IS, new Dimension.Property("plan"),
                List.of(HOSTILE))), PathDirection.NEXT, new Dimension.Property("page_title"));
        assertThat(sql).contains("prop(?0) AS node").doesNotContain("1=1").doesNotContain("'").doesNotContain("buy");
        assertThat(params.values).containsExactly("key:page_title", 1_000L, 2_000L, "buy", "key:plan", HOSTILE);
    }
}
