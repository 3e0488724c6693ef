package io.tally.adapter.out.duckdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where the writer looks for the stored copy of a staged event ({@code staged_keys}): a stored row with its key and
 * either its timestamp, read only in the batch's spans of UTC hours, or any timestamp among the latest stored events
 * (seq above {@code recentAfter}). Each branch filters {@code events} by constants, so DuckDB's zonemaps skip every
 * row group outside them: rows are stored in arrival order, so {@code ts} and {@code seq} are clustered and the
 * probe reads the batch's hours and the recent rows, not the history. It reads fixed-width columns only (key, time,
 * seq: the ids' text would triple its cost); its rows are (staged index, stored seq), an index once per branch that
 * finds it. {@link StoredIds} then reads the ids of those rows alone.
 *
 * @param hours       the batch's UTC hours as whole hours since the epoch, contiguous ones joined, at most {@link #MAX_SPANS}
 * @param recentAfter the seq after which every stored row is looked at whatever its time
 */
record ResendProbe(Spans hours, long recentAfter) {

    static final int MAX_SPANS = 8;
    private static final long MICROS_AN_HOUR = 3_600_000_000L;

    /**
     * The probe of a batch of events at {@code times}, after {@code storedSeq}, looking at the latest {@code recent}.
     * While the latest rows are every row ({@code seq} is never negative), the hours would only be read twice.
     */
    static ResendProbe of(Collection<Instant> times, long storedSeq, long recent) {
        long recentAfter = storedSeq - recent;
        if (recentAfter < 0) {
            return new ResendProbe(new Spans(List.of()), recentAfter);
        }
        List<Long> hours = new ArrayList<>(times.size());
        for (Instant time : times) {
            hours.add(Math.floorDiv(DuckDbAnalytics.micros(time), MICROS_AN_HOUR));
        }
        return new ResendProbe(Spans.covering(hours, 1, MAX_SPANS), recentAfter);
    }

    /** The probe's SQL: one branch per span of hours, one for the latest rows; every bound a parameter ({@link #bind}). */
    String sql() {
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            branches.add("""
                    SELECT k.i, e.seq FROM staged_keys k
                    JOIN events e ON e.event_key = k.event_key AND e.ts = k.ts
                    WHERE e.ts >= make_timestamp(?) AND e.ts < make_timestamp(?)""");
        }
        branches.add("""
                SELECT k.i, e.seq FROM staged_keys k
                JOIN events e ON e.event_key = k.event_key
                WHERE e.seq > ?""");
        return String.join("\nUNION ALL\n", branches);
    }

    /** Binds the spans' bounds (microseconds since the epoch) and the recent rows' seq, in {@link #sql}'s order. */
    void bind(PreparedStatement statement) throws SQLException {
        int p = 1;
        for (Spans.Span span : hours.spans()) {
            statement.setLong(p++, span.from() * MICROS_AN_HOUR);
            statement.setLong(p++, (span.to() + 1) * MICROS_AN_HOUR);
        }
        statement.setLong(p, recentAfter);
    }
}
