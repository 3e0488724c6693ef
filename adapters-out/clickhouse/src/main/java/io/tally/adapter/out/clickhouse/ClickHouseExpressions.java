package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ConversionTimesSql;
import io.tally.adapter.out.sql.LifecycleSql;
import io.tally.adapter.out.sql.PathsSql;
import io.tally.adapter.out.sql.ReportSql;
import io.tally.adapter.out.sql.RetentionSql;
import io.tally.adapter.out.sql.SqlCompiler;
import io.tally.adapter.out.sql.StickinessSql;
import io.tally.adapter.out.sql.StrictFunnelSql;
import io.tally.adapter.out.sql.UnorderedFunnelSql;
import io.tally.domain.event.Revenue;
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

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Dimensions and filters as ClickHouse expressions over the columns of {@code events}: the shared {@link SqlCompiler}
 * in {@link ClickHouseDialect} and the shared {@link ReportSql} for reports, plus what only ClickHouse's reads need
 * (the revenue read from the JSON by the migrations). The filters tell users apart by the statement's id columns ({@link ChParams#ids}).
 */
final class ClickHouseExpressions {

    private static final SqlCompiler<ChParams> SQL = new SqlCompiler<>(new ClickHouseDialect());
    private static final ReportSql<ChParams> REPORTS = new ReportSql<>(SQL);
    private static final RetentionSql<ChParams> RETENTION = new RetentionSql<>(SQL);
    private static final PathsSql<ChParams> PATHS = new PathsSql<>(SQL);
    private static final StickinessSql<ChParams> STICKINESS = new StickinessSql<>(SQL);
    private static final StrictFunnelSql<ChParams> STRICT_FUNNELS = new StrictFunnelSql<>(SQL);
    private static final UnorderedFunnelSql<ChParams> UNORDERED_FUNNELS = new UnorderedFunnelSql<>(SQL);
    private static final LifecycleSql<ChParams> LIFECYCLE = new LifecycleSql<>(SQL);
    private static final ConversionTimesSql<ChParams> CONVERSION_TIMES = new ConversionTimesSql<>(SQL.dialect());

    private ClickHouseExpressions() {
    }

    /** The dimension's value: text or NULL, or for time the bucket start in epoch milliseconds. */
    static String dimension(Dimension dimension, ChParams params) {
        return SQL.dimension(dimension, params, ZoneOffset.UTC, Optional.empty()); // the zone is bound as {zone:String}
    }

    /** The column a read that groups by the exit page provides (a window over raw events, or the fragments' exit). */
    static final String EXIT_PAGE = SqlCompiler.EXIT_PAGE;

    /** A report's statement in the shared {@link ReportSql}, its users and sessions told apart by the statement's ids. */
    static String report(AggregateQuery query, ChParams params) {
        return REPORTS.statement(query, params, params.ids().user(), params.ids().session());
    }

    /** A retention's statement in the shared {@link RetentionSql}, its users told apart by the statement's ids. */
    static String retention(RetentionQuery query, ChParams params) {
        return RETENTION.statement(query, params, params.ids().user());
    }

    /** A paths statement in the shared {@link PathsSql}, its users and sessions told apart by the statement's ids. */
    static String paths(PathsQuery query, ChParams params) {
        return PATHS.statement(query, params, params.ids().user(), params.ids().session());
    }

    /** A stickiness statement in the shared {@link StickinessSql}, its users told apart by the statement's ids. */
    static String stickiness(StickinessQuery query, ChParams params) {
        return STICKINESS.statement(query, params, params.ids().user());
    }

    /** A lifecycle statement in the shared {@link LifecycleSql}, its users told apart by the statement's ids. */
    static String lifecycle(LifecycleQuery query, ChParams params) {
        return LIFECYCLE.statement(query, params, params.ids().user());
    }

    /** A funnel's time-to-convert histogram in the shared {@link ConversionTimesSql}, over {@code times} (column x). */
    static String conversionTimes(String times, TimeToConvert span) {
        return CONVERSION_TIMES.histogram(times, span);
    }

    /** A funnel of strict steps in the shared {@link StrictFunnelSql}, its users told apart by the statement's ids. */
    static String strictFunnel(FunnelQuery query, ChParams params) {
        return STRICT_FUNNELS.statement(query, params, params.ids().user());
    }

    /** A strict funnel's time-to-convert histogram, over the shared {@link StrictFunnelSql}'s attempts. */
    static String strictConversionTimes(FunnelQuery query, TimeToConvert span, ChParams params) {
        return CONVERSION_TIMES.histogram(STRICT_FUNNELS.conversionTimes(query, span, params, params.ids().user()), span);
    }

    /** A funnel of unordered steps in the shared {@link UnorderedFunnelSql}, its users told apart by the statement's ids. */
    static String unorderedFunnel(FunnelQuery query, ChParams params) {
        return UNORDERED_FUNNELS.statement(query, params, params.ids().user());
    }

    /** An unordered funnel's time-to-convert histogram, over the shared {@link UnorderedFunnelSql}'s attempts. */
    static String unorderedConversionTimes(FunnelQuery query, TimeToConvert span, ChParams params) {
        return CONVERSION_TIMES.histogram(UNORDERED_FUNNELS.conversionTimes(query, span, params, params.ids().user()), span);
    }

    /** A property of the JSON as text (the key a bound parameter, or for the migrations a quoted key of ours). */
    static String propertyText(String key) {
        return SQL.dialect().propertyText(key);
    }

    /**
     * Revenue of one event as {@code Revenue} counts it, NULL otherwise: the number's own digits, read from the stored
     * JSON text (ClickHouse's JSON functions read numbers as doubles: 99999999999999.999999 became 1e14, 1e400 and 30
     * digits NULL), kept to 7 decimals and rounded half up to 6, within the range ingest accepts. The JSON is written by
     * the adapter (no spaces, flat keys, plain decimals), so {@code "revenue":} after a brace or comma is the key.
     */
    static String revenue() {
        String amount = "round(toDecimal128OrNull(extract(properties, '" + REVENUE_NUMBER + "'), 7), 6)";
        return "if(abs(" + amount + ") < " + REVENUE_LIMIT + ", toDecimal128(" + amount + ", 6), "
                + "CAST(NULL AS Nullable(Decimal128(6))))";
    }

    /** Events the retention still keeps ({@code horizon_ms}, bound by the engine). */
    static final String KEPT = ClickHouseDialect.KEPT;
    /** The JSON number after the key {@code revenue}: its text as written, captured whole. */
    private static final String REVENUE_NUMBER = "[{,]\"revenue\":(-?[0-9]+([.][0-9]+)?)[,}]";
    private static final String REVENUE_LIMIT = BigDecimal.TEN.pow(Revenue.INTEGER_DIGITS)
            .toPlainString();

    static String range(TimeRange range, ChParams params) {
        return SQL.dialect().range(range, params);
    }

    static String filters(List<? extends Filter> filters, ChParams params) {
        return SQL.filters(filters, params, params.ids().user());
    }

    static String criteria(EventCriteria criteria, ChParams params) {
        return SQL.criteria(criteria, params, params.ids().user());
    }

    /** The users meeting every rule, among users with any event in the project. */
    static String cohortMembers(ResolvedCohort cohort, ChParams params) {
        return SQL.cohortMembers(cohort, params, params.ids().user());
    }
}
