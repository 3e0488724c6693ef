package io.tally.adapter.out.sql;

import io.tally.domain.funnel.TimeToConvert;

import static io.tally.adapter.out.sql.ConversionTimesRows.BIN;
import static io.tally.adapter.out.sql.ConversionTimesRows.SHORTEST;
import static io.tally.adapter.out.sql.ConversionTimesRows.TOTAL;
import static io.tally.adapter.out.sql.ConversionTimesRows.USERS;
import static io.tally.adapter.out.sql.ConversionTimesRows.WIDTH;

/**
 * A funnel's time-to-convert histogram in SQL for every store, over a store's own statement of the times: whole
 * milliseconds in column {@code x}, one row per user who reached the span's last step. The bins are those of
 * {@code ConversionTimes}, from the shortest time, all in whole numbers (the same on every engine); a bin holding
 * no time has no row, and {@link ConversionTimesRows} lists it.
 *
 * @param <P> the store's parameter collector
 */
public final class ConversionTimesSql<P extends Parameters> {

    private final Dialect<P> dialect;

    public ConversionTimesSql(Dialect<P> dialect) {
        this.dialect = dialect;
    }

    /** The histogram's statement over {@code times} (a subquery's text with the column {@code x}). */
    public String histogram(String times, TimeToConvert span) {
        String bins = Integer.toString(span.bins());
        String width = dialect.quotient("max(x) OVER () - min(x) OVER () + " + bins, bins);
        return "SELECT " + BIN + ", count(*) AS " + USERS + ", sum(x) AS " + TOTAL + ", min(shortest) AS " + SHORTEST
                + ", min(width) AS " + WIDTH + " FROM (SELECT x, shortest, width, " + dialect.quotient("x - shortest", "width")
                + " AS " + BIN + " FROM (SELECT x, min(x) OVER () AS shortest, " + width + " AS width FROM (" + times
                + ") AS times) AS edged) AS binned GROUP BY " + BIN;
    }
}
