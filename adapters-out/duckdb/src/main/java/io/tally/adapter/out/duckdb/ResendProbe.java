package io.tally.adapter.out.duckdb;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Where the writer looks for the stored copy of a staged event ({@code staged_keys}): a stored row with its key and
 * either its timestamp, read only in the batch's spans of UTC hours, or any timestamp among the latest stored events
 * (seq above {@code recentAfter}). Each branch filters {@code events} by constants, so DuckDB's zonemaps skip every
 * row group outside them: rows are stored in arrival order, so {@code ts} and {@code seq} are clustered and the
 * probe reads the batch's hours and the recent rows, not the history. Its rows are (staged index, stored project id,
 * stored event id), a staged index once per branch that finds it.
 *
 * @param spans       the batch's UTC hours, contiguous hours joined, at most {@link #MAX_SPANS}
 * @param recentAfter the seq after which every stored row is looked at whatever its time
 */
record ResendProbe(List<Span> spans, long recentAfter) {

    /** Each span is a branch of its own (an OR of ranges prunes only by their hull): joining the nearest keeps few. */
    static final int MAX_SPANS = 8;

    /** The instants {@code [from, to)}, whole UTC hours. */
    record Span(Instant from, Instant to) {
    }

    ResendProbe {
        spans = List.copyOf(spans);
    }

    /** The probe of a batch of events at {@code times}, after {@code storedSeq}, looking at the latest {@code recent}. */
    static ResendProbe of(Collection<Instant> times, long storedSeq, long recent) {
        TreeSet<Instant> hours = new TreeSet<>();
        for (Instant time : times) {
            hours.add(time.truncatedTo(ChronoUnit.HOURS));
        }
        List<Span> spans = new ArrayList<>();
        for (Instant hour : hours) {
            Instant end = hour.plus(Duration.ofHours(1));
            if (!spans.isEmpty() && spans.getLast().to().equals(hour)) {
                spans.set(spans.size() - 1, new Span(spans.getLast().from(), end));
            } else {
                spans.add(new Span(hour, end));
            }
        }
        while (spans.size() > MAX_SPANS) {
            joinNearest(spans);
        }
        return new ResendProbe(spans, storedSeq - recent);
    }

    /** Joins the two neighbouring spans with the shortest gap between them (the fewest extra rows read). */
    private static void joinNearest(List<Span> spans) {
        int nearest = 0;
        for (int i = 1; i < spans.size() - 1; i++) {
            if (gap(spans, i).compareTo(gap(spans, nearest)) < 0) {
                nearest = i;
            }
        }
        spans.set(nearest, new Span(spans.get(nearest).from(), spans.get(nearest + 1).to()));
        spans.remove(nearest + 1);
    }

    private static Duration gap(List<Span> spans, int i) {
        return Duration.between(spans.get(i).to(), spans.get(i + 1).from());
    }

    /** The probe's SQL: one branch per span, one for the latest rows; every bound a parameter ({@link #bind}). */
    String sql() {
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            branches.add("""
                    SELECT k.i, e.project_id, e.event_id FROM staged_keys k
                    JOIN events e ON e.event_key = k.event_key AND e.ts = k.ts
                    WHERE e.ts >= make_timestamp(?) AND e.ts < make_timestamp(?)""");
        }
        branches.add("""
                SELECT k.i, e.project_id, e.event_id FROM staged_keys k
                JOIN events e ON e.event_key = k.event_key
                WHERE e.seq > ?""");
        return String.join("\nUNION ALL\n", branches);
    }

    /** Binds the spans' bounds (microseconds since the epoch) and the recent rows' seq, in {@link #sql}'s order. */
    void bind(PreparedStatement statement) throws SQLException {
        int p = 1;
        for (Span span : spans) {
            statement.setLong(p++, DuckDbAnalytics.micros(span.from()));
            statement.setLong(p++, DuckDbAnalytics.micros(span.to()));
        }
        statement.setLong(p, recentAfter);
    }
}
