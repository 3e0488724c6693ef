package io.tally.adapter.out.duckdb;

import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An event as a row of the typed {@code events} layout (migration 5): every column it makes but {@code event_key} and
 * {@code seq}, worked out from the event alone, so the writer can have it made before its own thread (request
 * threads run in parallel). The writer and migration 5's copy both append through here, so old and new rows are alike.
 *
 * @param promoted the values of {@link EventColumns#PROMOTED_KEYS}, in that order
 * @param revenue  {@code Revenue.amount}, null when the event adds none
 * @param properties the rest of the properties as JSON text
 */
record EventRow(Event event, LocalDateTime ts, long userH, long sessionH, List<String> promoted, BigDecimal revenue,
                String properties, LocalDateTime receivedAt) {

    static EventRow of(EventColumns columns, IdHashing hashing) {
        Event event = columns.event();
        return new EventRow(event, utc(event.timestamp()), hashing.of(columns.userHash()), hashing.of(columns.sessionHash()),
                columns.promoted(), columns.revenue(), PropertiesJson.write(columns.rest()), utc(event.receivedAt()));
    }

    /** A time as the {@code ts} column holds it (UTC, no zone), so an equality on it is exact. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Appends the columns in table order after {@code beginRow()}: project_id, ts, event_type, user_h, session_h,
     * event_id, user_id, session_id, the promoted columns, revenue, properties, user_agent, ip_address, received_at.
     * The caller adds the columns its table has after them and ends the row.
     */
    void appendTo(DuckDBAppender appender) throws SQLException {
        appender.append(event.projectId())
                .append(ts)
                .append(event.eventType())
                .append(userH)
                .append(sessionH)
                .append(event.eventId())
                .append(event.userId())
                .append(event.sessionId());
        for (String value : promoted) {
            appender.append(value);
        }
        if (revenue == null) {
            appender.appendNull();
        } else {
            appender.append(revenue);
        }
        appender.append(properties)
                .append(event.userAgent())
                .append(event.ipAddress())
                .append(receivedAt);
    }
}
