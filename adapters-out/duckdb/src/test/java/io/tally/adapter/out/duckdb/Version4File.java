package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A database file as schema version 4 left it: events in one JSON column, written the way that version's writer
 * wrote them (its staging table, then {@code INSERT OR IGNORE … nextval('events_seq')}).
 */
final class Version4File {

    private Version4File() {
    }

    /** Writes {@code events} into a new version-4 file; rows of {@code seqless} get a NULL seq, as rows stored before migration 3. */
    static void write(Path file, List<Event> events, String seqless) throws Exception {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement sql = connection.createStatement()) {
            Migrations.apply(connection, Migrations.ALL.subList(0, 4));
            for (int from = 0; from < events.size(); from += 20_000) {
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events_staging")) {
                    for (Event event : events.subList(from, Math.min(events.size(), from + 20_000))) {
                        appender.beginRow()
                                .append(event.projectId())
                                .append(event.eventId())
                                .append(event.userId())
                                .append(event.sessionId())
                                .append(event.eventType())
                                .append(LocalDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC))
                                .append(PropertiesJson.write(event.properties()))
                                .append(event.userAgent())
                                .append(event.ipAddress())
                                .append(LocalDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC))
                                .endRow();
                    }
                }
                sql.execute("INSERT OR IGNORE INTO events SELECT *, nextval('events_seq') FROM events_staging");
                sql.execute("DELETE FROM events_staging");
            }
            try (var nulls = connection.prepareStatement("UPDATE events SET seq = NULL WHERE project_id = ?")) {
                nulls.setString(1, seqless);
                nulls.executeUpdate();
            }
        }
    }
}
