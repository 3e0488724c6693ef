package io.tally.ops.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.tally.ops.bench.Http.JSON;

/**
 * The most DuckDB's Appender does with the same events: rows built in Java before the clock starts (the typed
 * columns, the properties' JSON, a random key, the sequence number), appended into an empty Tally {@code events}
 * table (its real layout, made by Tally's migrations), one transaction per batch, no re-send check, no sessions or
 * sketches. What the adapter does beyond this is Tally's cost; this is the engine's.
 */
final class BareAppender {

    /** One row of {@code events}, every value final. */
    private record Row(String project, LocalDateTime ts, String type, long userHash, long sessionHash, String eventId,
                       String userId, String sessionId, List<String> promoted, BigDecimal revenue, String properties,
                       String userAgent, String ip, LocalDateTime receivedAt, long keyLow, long keyHigh) {
    }

    private BareAppender() {
    }

    /** Rows per second appending {@code events} into a fresh file at {@code file}, {@code batch} rows a transaction. */
    static double rowsPerSecond(List<Event> events, Path file, int batch) throws SQLException {
        List<Row> rows = rows(events);
        DuckDbStores.open(new DuckDbConfig(file, 0, "")).close(); // Tally's migrations make the table
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            long started = System.nanoTime();
            long seq = 0;
            for (int from = 0; from < rows.size(); from += batch) {
                connection.setAutoCommit(false);
                try (var statement = connection.createStatement()) {
                    statement.execute("SELECT 1"); // the driver begins the transaction with a statement
                }
                try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                    for (Row row : rows.subList(from, Math.min(rows.size(), from + batch))) {
                        append(appender, row, ++seq);
                    }
                }
                connection.commit();
                connection.setAutoCommit(true);
            }
            return rows.size() / Measure.seconds(started);
        }
    }

    private static void append(DuckDBAppender appender, Row row, long seq) throws SQLException {
        appender.beginRow().append(row.project()).append(row.ts()).append(row.type()).append(row.userHash())
                .append(row.sessionHash()).append(row.eventId()).append(row.userId()).append(row.sessionId());
        for (String value : row.promoted()) {
            appender.append(value);
        }
        if (row.revenue() == null) {
            appender.appendNull();
        } else {
            appender.append(row.revenue());
        }
        appender.append(row.properties()).append(row.userAgent()).append(row.ip()).append(row.receivedAt())
                .appendHugeInt(row.keyLow(), row.keyHigh()).append(seq).endRow();
    }

    private static List<Row> rows(List<Event> events) {
        SplittableRandom keys = new SplittableRandom(1);
        List<Row> rows = new ArrayList<>(events.size());
        for (Event event : events) {
            EventColumns columns = EventColumns.of(event);
            rows.add(new Row(event.projectId(), utc(event.timestamp()), event.eventType(), columns.userHash(),
                    columns.sessionHash(), event.eventId(), event.userId(), event.sessionId(), columns.promoted(),
                    columns.revenue(), json(columns), event.userAgent(), event.ipAddress(), utc(event.receivedAt()),
                    keys.nextLong(), keys.nextLong()));
        }
        return rows;
    }

    private static String json(EventColumns columns) {
        Map<String, Object> plain = new LinkedHashMap<>();
        columns.rest().forEach((key, value) -> plain.put(key, value.plain()));
        try {
            return JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
