package io.tally.adapter.out.duckdb;

import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;

import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An event as a row of the typed {@code events} layout (migration 5), every column it made but {@code seq}, in table
 * order: project_id, ts, event_type, user_h, session_h, event_id, user_id, session_id, the promoted columns in
 * {@link EventColumns#PROMOTED_KEYS} order, revenue, properties (the rest), user_agent, ip_address, received_at.
 * The writer and migration 5's copy both append through here, so old and new rows are alike; the writer then adds
 * {@code event_key} (migration 9) and {@code seq}, the copy {@code seq}.
 */
final class EventRows {

    private EventRows() {
    }

    /** Appends the columns of one row after {@code beginRow()}; the caller adds the columns its table has after them and ends the row. */
    static void append(DuckDBAppender appender, EventColumns columns, IdHashing hashing) throws SQLException {
        var event = columns.event();
        appender.append(event.projectId())
                .append(LocalDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC))
                .append(event.eventType())
                .append(hashing.of(columns.userHash()))
                .append(hashing.of(columns.sessionHash()))
                .append(event.eventId())
                .append(event.userId())
                .append(event.sessionId());
        for (String value : columns.promoted()) {
            appender.append(value);
        }
        if (columns.revenue() == null) {
            appender.appendNull();
        } else {
            appender.append(columns.revenue());
        }
        appender.append(PropertiesJson.write(columns.rest()))
                .append(event.userAgent())
                .append(event.ipAddress())
                .append(LocalDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC));
    }
}
