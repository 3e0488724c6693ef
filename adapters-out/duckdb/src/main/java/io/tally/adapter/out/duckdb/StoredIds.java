package io.tally.adapter.out.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ids of the stored rows the {@link ResendProbe} found, read by their seq in few ranges (zonemaps prune by seq,
 * which follows arrival; re-sends are mostly recent), so the ids' text is read from a few row groups, and only for a
 * batch holding a re-send. Each row is matched again on its staged key, since rows stored before migration 3 all hold
 * seq 0.
 */
final class StoredIds {

    /** Rows further apart than a row group gain nothing from sharing a range. */
    private static final long ROW_GROUP = 122_880;

    /** A stored row the probe found for the staged event {@code index}. */
    record Found(int index, long seq) {
    }

    /** The stored row's project and event id, for the staged event {@code index}. */
    record Ids(int index, String projectId, String eventId) {
    }

    private StoredIds() {
    }

    /** The project and event id of each row {@code found} (read while {@code staged_keys} holds the batch's keys). */
    static List<Ids> of(Connection connection, Set<Found> found) throws SQLException {
        List<Ids> ids = new ArrayList<>();
        if (found.isEmpty()) {
            return ids;
        }
        Spans ranges = Spans.covering(found.stream().map(Found::seq).toList(), ROW_GROUP, ResendProbe.MAX_SPANS);
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            branches.add("""
                    SELECT k.i, e.seq, e.project_id, e.event_id FROM staged_keys k
                    JOIN events e ON e.event_key = k.event_key
                    WHERE e.seq BETWEEN ? AND ?""");
        }
        try (PreparedStatement read = connection.prepareStatement(String.join("\nUNION ALL\n", branches))) {
            int p = 1;
            for (Spans.Span range : ranges.spans()) {
                read.setLong(p++, range.from());
                read.setLong(p++, range.to());
            }
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    if (found.contains(new Found(rows.getInt(1), rows.getLong(2)))) {
                        ids.add(new Ids(rows.getInt(1), rows.getString(3), rows.getString(4)));
                    }
                }
            }
        }
        return ids;
    }
}
