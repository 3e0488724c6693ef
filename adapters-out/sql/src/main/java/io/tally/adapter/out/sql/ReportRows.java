package io.tally.adapter.out.sql;

import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tally.adapter.out.sql.ReportColumns.BOUNCES;
import static io.tally.adapter.out.sql.ReportColumns.CONVERSIONS;
import static io.tally.adapter.out.sql.ReportColumns.CONVERTED_VISITORS;
import static io.tally.adapter.out.sql.ReportColumns.ENTRIES;
import static io.tally.adapter.out.sql.ReportColumns.EVENTS;
import static io.tally.adapter.out.sql.ReportColumns.PAGEVIEWS;
import static io.tally.adapter.out.sql.ReportColumns.REVENUE;
import static io.tally.adapter.out.sql.ReportColumns.SESSIONS;
import static io.tally.adapter.out.sql.ReportColumns.SESSION_MS;
import static io.tally.adapter.out.sql.ReportColumns.SESSION_PAGEVIEWS;
import static io.tally.adapter.out.sql.ReportColumns.TOTALS;
import static io.tally.adapter.out.sql.ReportColumns.VISITORS;

/** A report's answer built from the rows of its statement ({@link ReportSql}), every column read by its name. */
public final class ReportRows {

    private ReportRows() {
    }

    /** Adds one row to the answer: the totals' row under {@link Group#NONE}, a group's under its dimension values. */
    public static void add(AggregateQuery query, ResultRow row, Map<Group, Aggregates> answer) {
        answer.put(group(query, row), facts(row));
    }

    /**
     * The row's group: {@link Group#NONE} on the totals' row, whatever its key columns hold there. Any statement keyed
     * as a report is ({@code d0…dn}, {@code totals}) reads its groups here, such as ClickHouse's session facts.
     */
    public static Group group(AggregateQuery query, ResultRow row) {
        if (row.whole(TOTALS) == 1) {
            return Group.NONE;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < query.dimensions().size(); i++) {
            values.add(row.text(ReportColumns.dimension(i)));
        }
        return Group.fromRow(query.dimensions(), values);
    }

    static Aggregates facts(ResultRow row) {
        return new Aggregates(row.whole(EVENTS), row.whole(VISITORS), row.whole(SESSIONS), row.whole(PAGEVIEWS),
                row.whole(BOUNCES), row.whole(SESSION_MS), row.whole(SESSION_PAGEVIEWS), row.whole(CONVERSIONS),
                row.whole(CONVERTED_VISITORS), row.decimal(REVENUE), row.whole(ENTRIES));
    }
}
