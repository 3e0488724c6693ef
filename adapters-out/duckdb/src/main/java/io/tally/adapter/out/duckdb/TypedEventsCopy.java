package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration 5's data step: copies the version-4 {@code events} into {@code events_v2} in (project, time, event id)
 * order, each row through {@link EventColumns#of} as the writer makes it, {@code seq} kept (NULL, from before
 * migration 3, becomes 0, as every reader took it). Rows are read a span of hours at a time, at most about
 * {@value #BATCH} rows, so memory stays bounded however large the file.
 */
final class TypedEventsCopy {

    static final int BATCH = 50_000;

    private TypedEventsCopy() {
    }

    /** Consecutive hours of one project, {@code [from, to)} in epoch microseconds. */
    private record Span(String projectId, long from, long to) {
    }

    static void run(Connection connection) throws SQLException {
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (PreparedStatement read = connection.prepareStatement("""
                SELECT project_id, event_id, user_id, session_id, event_type, epoch_us(ts), CAST(properties AS VARCHAR),
                       user_agent, ip_address, epoch_us(received_at), coalesce(seq, 0)
                FROM events WHERE project_id = ? AND ts >= make_timestamp(?) AND ts < make_timestamp(?)
                ORDER BY ts, event_id""")) {
            for (Span span : spans(connection)) {
                read.setString(1, span.projectId());
                read.setLong(2, span.from());
                read.setLong(3, span.to());
                try (ResultSet rows = read.executeQuery();
                     DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events_v2")) {
                    while (rows.next()) {
                        Event event = new Event(rows.getString(2), rows.getString(1), rows.getString(3), rows.getString(4),
                                rows.getString(5), micros(rows.getLong(6)), PropertiesJson.read(rows.getString(7)),
                                rows.getString(8), rows.getString(9), micros(rows.getLong(10)));
                        appender.beginRow();
                        EventRow.of(EventColumns.of(event), IdHashing.FULL).appendTo(appender);
                        appender.append(rows.getLong(11)).endRow();
                    }
                }
            }
        }
    }

    /** The stored hours of each project in order, packed into spans of at most BATCH events (an hour holding more is one span). */
    private static List<Span> spans(Connection connection) throws SQLException {
        List<Span> spans = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet hours = statement.executeQuery("""
                     SELECT project_id, epoch_us(date_trunc('hour', ts)) AS hour, count(*)
                     FROM events GROUP BY ALL ORDER BY project_id, hour""")) {
            String project = null;
            long from = 0;
            long to = 0;
            long size = 0;
            while (hours.next()) {
                String hourProject = hours.getString(1);
                long hour = hours.getLong(2);
                long count = hours.getLong(3);
                if (project != null && (!project.equals(hourProject) || size + count > BATCH)) {
                    spans.add(new Span(project, from, to));
                    project = null;
                }
                if (project == null) {
                    project = hourProject;
                    from = hour;
                    size = 0;
                }
                to = hour + ChronoUnit.HOURS.getDuration().toNanos() / 1000;
                size += count;
            }
            if (project != null) {
                spans.add(new Span(project, from, to));
            }
        }
        return spans;
    }

    private static Instant micros(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }
}
