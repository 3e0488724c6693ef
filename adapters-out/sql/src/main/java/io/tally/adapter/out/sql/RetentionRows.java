package io.tally.adapter.out.sql;

import io.tally.domain.retention.RetentionQuery;

import java.time.LocalDate;
import java.util.Map;

/**
 * A retention statement's rows read by column name: {@code cohort} (the local start of the cohort's period, as ISO
 * text), {@code k} (the period after it; 0 is the cohort's size) and {@code users}.
 */
public final class RetentionRows {

    public static final String COHORT = "cohort";
    public static final String PERIOD = "k";
    public static final String USERS = "users";

    private RetentionRows() {
    }

    /** Adds one row's count to its cohort's cells (periods 0 to the query's last). */
    public static void add(RetentionQuery query, ResultRow row, Map<LocalDate, long[]> cells) {
        long[] counts = cells.computeIfAbsent(LocalDate.parse(row.text(COHORT)), cohort -> new long[query.periods() + 1]);
        counts[Math.toIntExact(row.whole(PERIOD))] = row.whole(USERS);
    }
}
