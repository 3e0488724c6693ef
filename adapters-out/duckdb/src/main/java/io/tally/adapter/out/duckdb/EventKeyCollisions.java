package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.StoreException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The writer's guard for {@link EventKey}: the insert leaves out a staged row whose key is stored, which is right for
 * a re-sent event and wrong for another event under the same key (a true collision, about n²/2¹²⁹). When the insert
 * added fewer rows than were staged, every staged row is matched to the stored row holding its key; one with another
 * project or event id fails the whole batch with a {@link StoreException} (as the writer does for two events of one
 * batch under one key): nothing of it is stored and its sender retries it (a 503 to HTTP, the batching writer's
 * backoff, Kafka's uncommitted offset), loudly, instead of an event vanishing silently. Only re-sends pay for the
 * check: a scan of the key and id columns.
 */
final class EventKeyCollisions {

    private EventKeyCollisions() {
    }

    /** Throws when a row of {@code events_staging} shares its key with a different event in {@code events}. */
    static void refuse(Statement statement) throws SQLException {
        try (ResultSet clash = statement.executeQuery("""
                SELECT e.project_id, e.event_id, s.project_id, s.event_id
                FROM events_staging s JOIN events e ON e.event_key = s.event_key
                WHERE e.project_id <> s.project_id OR e.event_id <> s.event_id
                LIMIT 1""")) {
            if (clash.next()) {
                throw refusal(clash.getString(3), clash.getString(4), clash.getString(1), clash.getString(2));
            }
        }
    }

    /** The failure of a batch holding {@code event} of {@code project}, whose key the other event already has. */
    static StoreException refusal(String project, String event, String otherProject, String otherEvent) {
        return new StoreException(("DuckDB refused the batch: event %s of project %s has the same 128-bit key as event %s of"
                + " project %s (a hash collision); nothing of the batch was stored").formatted(event, project, otherEvent, otherProject), null);
    }
}
