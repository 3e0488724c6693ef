package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.sql.ConversionTimesSql;
import io.tally.adapter.out.sql.LifecycleSql;
import io.tally.adapter.out.sql.PathsSql;
import io.tally.adapter.out.sql.ReportSql;
import io.tally.adapter.out.sql.RetentionSql;
import io.tally.adapter.out.sql.SqlCompiler;
import io.tally.adapter.out.sql.StickinessSql;
import io.tally.adapter.out.sql.StrictFunnelSql;
import io.tally.adapter.out.sql.UnorderedFunnelSql;
import io.tally.domain.event.EventColumns;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Dimensions and filters as DuckDB expressions over the columns of {@code events}: the shared {@link SqlCompiler} in
 * {@link DuckDbDialect}, and the
 * shared {@link ReportSql} for reports, plus what only DuckDB's reads need (the columns a scan carries).
 */
final class DuckDbExpressions {

    private static final SqlCompiler<SqlParams> SQL = new SqlCompiler<>(new DuckDbDialect());
    private static final ReportSql<SqlParams> REPORTS = new ReportSql<>(SQL);
    private static final RetentionSql<SqlParams> RETENTION = new RetentionSql<>(SQL);
    private static final PathsSql<SqlParams> PATHS = new PathsSql<>(SQL);
    private static final StickinessSql<SqlParams> STICKINESS = new StickinessSql<>(SQL);
    private static final StrictFunnelSql<SqlParams> STRICT_FUNNELS = new StrictFunnelSql<>(SQL);
    private static final UnorderedFunnelSql<SqlParams> UNORDERED_FUNNELS = new UnorderedFunnelSql<>(SQL);
    private static final LifecycleSql<SqlParams> LIFECYCLE = new LifecycleSql<>(SQL);
    private static final ConversionTimesSql<SqlParams> CONVERSION_TIMES = new ConversionTimesSql<>(SQL.dialect());

    private DuckDbExpressions() {
    }

    /** The dimension's value: text, or for time the bucket start in epoch milliseconds, cut in {@code zone}. */
    static String dimension(Dimension dimension, SqlParams params, ZoneId zone) {
        return dimension(dimension, params, zone, Optional.empty());
    }

    /** The same for the events of {@code range}, whose zone offsets then shape the time buckets' expression. */
    static String dimension(Dimension dimension, SqlParams params, ZoneId zone, Optional<TimeRange> range) {
        return SQL.dimension(dimension, params, zone, range);
    }

    /** The column a read that groups by the exit page provides (a window over raw events, or the fragments' exit). */
    static final String EXIT_PAGE = SqlCompiler.EXIT_PAGE;

    /** A report's statement in the shared {@link ReportSql}, its users and sessions told apart by {@code ids}. */
    static String report(AggregateQuery query, SqlParams params, IdColumns ids) {
        return REPORTS.statement(query, params, ids.user(), ids.session());
    }

    /** A retention's statement in the shared {@link RetentionSql}, its users told apart by {@code ids}. */
    static String retention(RetentionQuery query, SqlParams params, IdColumns ids) {
        return RETENTION.statement(query, params, ids.user());
    }

    /** A paths statement in the shared {@link PathsSql}, its users and sessions told apart by {@code ids}. */
    static String paths(PathsQuery query, SqlParams params, IdColumns ids) {
        return PATHS.statement(query, params, ids.user(), ids.session());
    }

    /** A stickiness statement in the shared {@link StickinessSql}, its users told apart by {@code ids}. */
    static String stickiness(StickinessQuery query, SqlParams params, IdColumns ids) {
        return STICKINESS.statement(query, params, ids.user());
    }

    /** A lifecycle statement in the shared {@link LifecycleSql}, its users told apart by {@code ids}. */
    static String lifecycle(LifecycleQuery query, SqlParams params, IdColumns ids) {
        return LIFECYCLE.statement(query, params, ids.user());
    }

    /** A funnel's time-to-convert histogram in the shared {@link ConversionTimesSql}, over {@code times} (column x). */
    static String conversionTimes(String times, TimeToConvert span) {
        return CONVERSION_TIMES.histogram(times, span);
    }

    /** A funnel of strict steps in the shared {@link StrictFunnelSql}, its users told apart by {@code ids}. */
    static String strictFunnel(FunnelQuery query, SqlParams params, IdColumns ids) {
        return STRICT_FUNNELS.statement(query, params, ids.user());
    }

    /** A strict funnel's time-to-convert histogram, over the shared {@link StrictFunnelSql}'s attempts. */
    static String strictConversionTimes(FunnelQuery query, TimeToConvert span, SqlParams params, IdColumns ids) {
        return CONVERSION_TIMES.histogram(STRICT_FUNNELS.conversionTimes(query, span, params, ids.user()), span);
    }

    /** A funnel of unordered steps in the shared {@link UnorderedFunnelSql}, its users told apart by {@code ids}. */
    static String unorderedFunnel(FunnelQuery query, SqlParams params, IdColumns ids) {
        return UNORDERED_FUNNELS.statement(query, params, ids.user());
    }

    /** An unordered funnel's time-to-convert histogram, over the shared {@link UnorderedFunnelSql}'s attempts. */
    static String unorderedConversionTimes(FunnelQuery query, TimeToConvert span, SqlParams params, IdColumns ids) {
        return CONVERSION_TIMES.histogram(UNORDERED_FUNNELS.conversionTimes(query, span, params, ids.user()), span);
    }

    /** The column holding a promoted property as text, if the key is one: the name comes from the code's list. */
    static Optional<String> column(String key) {
        return SqlCompiler.column(key);
    }

    /** The columns a filter or dimension may read, for scans whose conditions are applied after them. */
    static final String FILTERED_COLUMNS = "event_type, properties, " + String.join(", ", EventColumns.PROMOTED_KEYS);

    /** Revenue of one event as {@code Revenue} counts it, null otherwise: the column the writer filled from it. */
    static String revenue() {
        return "revenue";
    }

    /** Events the retention still keeps ({@code horizon_us}, bound by the engine). */
    static final String KEPT = DuckDbDialect.KEPT;

    static String range(TimeRange range, SqlParams params) {
        return SQL.dialect().range(range, params);
    }

    /** All filters as one condition ({@code TRUE} when there are none). */
    static String filters(List<? extends Filter> filters, SqlParams params, IdColumns ids) {
        return SQL.filters(filters, params, ids.user());
    }

    static String criteria(EventCriteria criteria, SqlParams params, IdColumns ids) {
        return SQL.criteria(criteria, params, ids.user());
    }

    /** The users meeting every rule, among users with any event in the project. */
    static String cohortMembers(ResolvedCohort cohort, SqlParams params, IdColumns ids) {
        return SQL.cohortMembers(cohort, params, ids.user());
    }
}
