package io.tally.ops.bench;

import io.tally.domain.time.TimeRange;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The limit of issue 20: for each query of {@link LargeQueries}, the best SQL a person would write by hand for the same
 * answer on one store's current tables, so the API's time can be read as a ratio to what the engine needs. Each store
 * keeps all of its statements in one class ({@link DuckDbHandSql}, {@link ClickHouseHandSql}), to be rewritten there
 * when the layout changes. Before a statement is timed, {@link AnswerRows} checks that it gives the API's numbers.
 * <p>
 * The rows a statement returns, as {@link AnswerRows} reads the API's answer:
 * <ul>
 *   <li>report: {@code period} ({@code current} or {@code previous}), {@code total} (1 on the totals row, whose
 *       dimension values are not compared, else 0), the dimension values (a time bucket as the epoch second of its
 *       start), then the metrics in the query's order;</li>
 *   <li>funnel: one row, the users of step 1, then for each later step its users and the median seconds from the
 *       previous step; with a time to convert asked, one row per bin instead: its index, its start in seconds and its
 *       users (empty bins may be left out); with a trend asked, one row per interval instead: its start as an epoch
 *       second, then the users of each step (intervals no one entered may be left out); with a breakdown (and neither),
 *       a report's rows instead: {@code current}, {@code total} (1 on the row of the funnel over all users), the
 *       breakdown's values, then that row's numbers (combinations no one is in may be left out);</li>
 *   <li>retention: {@code cohort} (its first date), {@code k}, {@code users}: period 0 is the cohort's size; cells
 *       without users may be left out;</li>
 *   <li>stickiness: {@code n}, the users active in exactly n intervals;</li>
 *   <li>lifecycle: the interval's start as an epoch second, then its new, returning, resurrecting and dormant users;
 *       intervals with none may be left out;</li>
 *   <li>multi-series trend: the period's start as an epoch second, then each line's value (the series, then the
 *       formulas; null where undefined); then the row {@code total} of each line's total over the range; periods
 *       with nothing may be left out;</li>
 *   <li>goal conversions: the goal's name, its visitors, events, conversion rate (percent of the range's visitors)
 *       and revenue; then the row {@code *} whose first value is the range's visitors (any further ones are not
 *       read); goals nobody reached may be left out.</li>
 * </ul>
 * Statements name the ranges as {@code :from}, {@code :to}, {@code :prev_from}, {@code :prev_to} and the project as
 * {@code :project}; the bench puts the store's literals in (its own values, never input).
 */
sealed interface HandSql permits DuckDbHandSql, ClickHouseHandSql {

    /** The query's range, and the compared period's where it has one. */
    record Ranges(TimeRange range, Optional<TimeRange> previous) {
    }

    /**
     * The statement answering {@code query} (a name of {@link LargeQueries#ALL}) over {@code ranges}; for an approximate
     * query, its exact twin's.
     */
    String sql(String query, Ranges ranges);

    static HandSql of(String store) {
        return switch (store) {
            case "duckdb" -> new DuckDbHandSql();
            case "clickhouse-embedded" -> new ClickHouseHandSql();
            default -> throw new IllegalArgumentException("no hand-written SQL for " + store);
        };
    }

    /** The template of {@code query} with the ranges and the project written in as {@code literal} spells an instant. */
    static String fill(Map<String, String> templates, String query, Ranges ranges, Function<Instant, String> literal) {
        String template = templates.get(LargeQueries.exactTwin(query)); // an approximate query's limit is the exact SQL
        if (template == null) {
            throw new IllegalArgumentException("no hand-written SQL for " + query);
        }
        TimeRange previous = ranges.previous().orElse(ranges.range());
        return template.replace(":prev_from", literal.apply(previous.from())).replace(":prev_to", literal.apply(previous.to()))
                .replace(":from", literal.apply(ranges.range().from())).replace(":to", literal.apply(ranges.range().to()))
                .replace(":project", "'" + IngestAndQueries.PROJECT + "'");
    }
}
