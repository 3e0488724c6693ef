package io.tally.adapter.out.sql;

import io.tally.domain.funnel.ConversionTimes;
import io.tally.domain.funnel.TimeToConvert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A time-to-convert statement's rows read by column name: {@code bin} (from 0), {@code users} in it, {@code total}
 * (the sum of its times), and on every row the histogram's {@code shortest} time and bin {@code width}, all in
 * whole milliseconds. Bins without a row hold no user; no rows at all, no user reached the span's last step.
 */
public final class ConversionTimesRows {

    public static final String BIN = "bin";
    public static final String USERS = "users";
    public static final String TOTAL = "total";
    public static final String SHORTEST = "shortest";
    public static final String WIDTH = "width";

    private final TimeToConvert span;
    private final List<Long> bins;
    private long users;
    private long total;
    private Long shortest;
    private long width;

    public ConversionTimesRows(TimeToConvert span) {
        this.span = span;
        this.bins = new ArrayList<>(Collections.nCopies(span.bins(), 0L));
    }

    /** Adds one bin's row. */
    public void add(ResultRow row) {
        long bin = row.whole(BIN);
        if (bin < 0 || bin >= span.bins()) {
            throw new IllegalArgumentException("bin " + bin + " lies outside the histogram's " + span.bins() + " bins");
        }
        bins.set((int) bin, row.whole(USERS));
        users += row.whole(USERS);
        total += row.whole(TOTAL);
        shortest = row.whole(SHORTEST);
        width = row.whole(WIDTH);
    }

    /** The histogram of the rows added. */
    public ConversionTimes times() {
        return shortest == null ? ConversionTimes.none(span) : new ConversionTimes(span, users, total, shortest, width, bins);
    }
}
