package io.tally.adapter.out.sql;

import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What one engine spells its own way, and nothing else: the {@link SqlCompiler} writes the shape of every condition
 * once and asks the dialect for these pieces. Identifiers come from code; every user value goes through
 * {@code P}, the store's parameter collector, whose placeholders differ ({@code :p0} vs {@code {p0:String}}).
 *
 * @param <P> the store's parameter collector
 */
public interface Dialect<P extends Parameters> {

    /** A condition that always holds. */
    String always();

    /** The rows of {@code events} a statement reads ({@code FINAL} where duplicates wait for a merge). */
    String events();

    /** The placeholder of the project, bound under a fixed name by every statement. */
    String project();

    /** Events the retention still keeps (the horizon, bound under a fixed name by the engine). */
    String kept();

    /** Events whose time falls in {@code range} (from inclusive, to exclusive). */
    String range(TimeRange range, P params);

    /** The event type as the text a dimension groups by. */
    String eventType();

    /** The start of the event's local time bucket in epoch milliseconds, cut in {@code zone}, for events of {@code range}. */
    String timeBucket(Granularity granularity, ZoneId zone, Optional<TimeRange> range);

    /** How a property key is bound for the JSON functions ({@code $."key"} or the key itself). */
    String jsonKey(String key);

    /** A property of the {@code properties} JSON as text, numbers in their shortest plain form, NULL when absent. */
    String propertyText(String key);

    /** Whether the property named by the bound {@code key} is a JSON number. */
    String isJsonNumber(String key);

    /** The property named by the bound {@code key} as a double. */
    String jsonNumber(String key);

    /** A possibly-NULL text {@code value} read where it is known to be present. */
    String present(String value);

    /** Whether the present {@code text} equals one of {@code values}. */
    String inList(String text, List<String> values, P params);

    /** Whether the present {@code text} holds the bound {@code needle}. */
    String contains(String text, String needle);

    /** Whether the bound RE2 {@code pattern} is found in the present {@code text} (both engines run RE2). */
    String regexMatches(String text, String pattern);

    /** How many rows of a group meet {@code condition}. */
    String countWhere(String condition);

    /** The median of a group's non-NULL values, the mean of the middle two for an even count; NULL without any. */
    String median(String value);

    /**
     * The value {@code rows} rows after the current one in the window {@code w} (declared by the statement, its frame
     * from the current row to the partition's end); past the end, NULL or the type's default.
     */
    String following(String value, int rows);

    // What a report statement (ReportSql) needs spelled: casts, distinct counts, first-by-order, key tuples.

    /**
     * Where a report's session facts come from, which is where the engines differ most. DuckDB computes a CTE read
     * twice only once, so it groups the events once into pieces (a session's events in one group) and takes both the
     * groups' and the sessions' facts from them; ClickHouse inlines every CTE, so pieces would be grouped twice, and it
     * groups the events by session apart instead, each pass smaller than the pieces' grouping.
     */
    boolean sessionsFromPieces();

    /** A small whole number marking a row ({@code g}, {@code totals}): the same type in every part of a union. */
    String flag(String value);

    /** A whole number as a 64-bit integer, the same type in every part of a union. */
    String bigint(String value);

    /** An amount as a decimal of the revenue's scale, the same type in every part of a union. */
    String decimal(String value);

    /** A NULL amount, of the revenue's decimal type (a report that does not count revenue). */
    String noRevenue();

    /** A NULL text, of the type a dimension's text has (the anchors' row of a paths statement, which has no node). */
    String noText();

    /**
     * {@code names.get(i)} for each {@code tests.get(i)} the row meets, as a key that repeats the row once per name (and
     * drops it when it meets none): the goals an event completes.
     */
    String eachMet(List<String> tests, List<String> names);

    /** How many distinct values of {@code value} a group holds. */
    String distinctCount(String value);

    /** How many distinct values of {@code value} a group's rows meeting {@code condition} hold. */
    String distinctCountWhere(String value, String condition);

    /** The order of events, by time then event id, as one comparable value. */
    String eventOrder();

    /** The {@code value} of the group's row with the least {@code order}. */
    String first(String value, String order);

    /** The {@code value} of the group's row with the greatest {@code order}. */
    String last(String value, String order);

    /** The {@code keys} as one value that {@link #keyField} takes apart again. */
    String keyTuple(List<String> keys);

    /** The key named {@code key}, at {@code index} from 0, of a value of {@link #keyTuple}. */
    String keyField(String tuple, String key, int index);

    /** A timestamp in epoch milliseconds. */
    String epochMillis(String timestamp);

    /**
     * The {@code values} as an array sorted ascending, NULLs last, whose k-th element (from 1) {@code array[k]} reads
     * (an unordered funnel's step times in the order they were done).
     */
    String sortedNullsLast(List<String> values);

    /** The timestamp, of the type {@code events.ts} has, of a whole number of epoch milliseconds. */
    String timestampOfMillis(String millis);

    // What a retention statement (RetentionSql) needs spelled: local dates, period starts and differences.

    /**
     * How a CTE several parts read is declared: DuckDB's {@code AS NOT MATERIALIZED}, so each part scans the events
     * again with its own filter instead of writing out every filterable column once; ClickHouse inlines every CTE.
     */
    String rescanned();

    /** The local date of {@code ts} in the zone bound by the engine, for the events of {@code range}. */
    String localDate(ZoneId zone, TimeRange range);

    /** The start of the week holding {@code date}, weeks starting on the bound ISO day {@code weekStart} (1 is Monday). */
    String weekStart(String date, String weekStart);

    /** The first day of the month holding {@code date}. */
    String monthStart(String date);

    /** Whole days from date {@code from} to date {@code to}. */
    String daysBetween(String from, String to);

    /** Calendar months from date {@code from} to date {@code to}. */
    String monthsBetween(String from, String to);

    /** The whole quotient of two whole numbers, rounded toward zero. */
    String quotient(String dividend, String divisor);

    /** A date as ISO text ({@code 2026-01-31}). */
    String dateText(String date);
}
