package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Writes batches through the DuckDB Appender into a staging table, as typed rows ({@link EventColumns}) with their
 * {@link EventKey}, then moves the rows whose key is not stored yet into {@code events} with one {@code INSERT} (so
 * re-sent events are harmless; {@link EventKeyCollisions} makes sure a row left out was one), records the ids of the
 * rows it added under their hashes ({@link IdHashes}) and folds those rows into the sessions kept per hour
 * ({@link SessionFragments}) and the visitor sketches ({@link VisitorSketchTable}).
 * The whole batch is one transaction: it is stored entirely or not at all.
 */
final class DuckDbEventWriter implements EventStore {

    /** The staged rows whose key is not stored yet: a hash join built on the batch, probing the key column (no index). */
    private static final String INSERT_NEW = """
            INSERT INTO events SELECT s.*, nextval('events_seq') FROM events_staging s
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_key = s.event_key)""";

    private final DuckDBConnection connection;
    private final BooleanSupplier available;
    private final IdHashing hashing;
    private final HashCollisions collisions;
    private final EventKeying keying;
    /** The highest seq stored: rows above it after the insert are the ones it added. Read at the first batch. */
    private long storedSeq = -1;

    DuckDbEventWriter(DuckDBConnection connection, BooleanSupplier available, IdHashing hashing, HashCollisions collisions,
                      EventKeying keying) {
        this.connection = connection;
        this.available = available;
        this.hashing = hashing;
        this.collisions = collisions;
        this.keying = keying;
    }

    @Override
    public synchronized long append(List<Event> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // a statement first: the JDBC driver begins the transaction with one, and the Appender's rows must be in it
                statement.execute("DELETE FROM events_staging");
                long before = storedSeq(statement);
                int staged = appendToStaging(events);
                long added = statement.executeUpdate(INSERT_NEW);
                if (added < staged) {
                    EventKeyCollisions.refuse(statement); // a re-send, or another event under a taken key
                }
                statement.execute("DELETE FROM events_staging");
                long after = before;
                if (added > 0) {
                    after = maxSeq(statement, before);
                    IdHashes.record(connection, before, collisions); // collisions are noted before the rows can be read
                    SessionFragments.fold(connection, before);       // only the rows it added: a re-send adds nothing
                    VisitorSketchTable.fold(connection, before, after);
                }
                connection.commit();
                storedSeq = after;
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("DuckDB could not store " + events.size() + " events: " + e.getMessage(), e);
        }
    }

    private long storedSeq(Statement statement) throws SQLException {
        if (storedSeq < 0) {
            storedSeq = maxSeq(statement, -1);
        }
        return storedSeq;
    }

    /** The highest seq stored, looking only above {@code floor} (the row groups below it are skipped by their zonemaps). */
    private static long maxSeq(Statement statement, long floor) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(seq), " + floor + ") FROM events WHERE seq > " + floor)) {
            rs.next();
            return Math.max(rs.getLong(1), 0);
        }
    }

    /** Runs {@code work} while no batch is being written, so a rollup refresh sees every sequence number it reads. */
    synchronized <T> T betweenBatches(Callable<T> work) throws Exception {
        return work.call();
    }

    /**
     * Appends each event of the batch once; returns how many rows it staged. One map by key finds both a second copy
     * of an event (skipped) and another event under a taken key (refused), before the row is begun.
     */
    private int appendToStaging(List<Event> events) throws SQLException {
        Map<EventKey, Event> staged = new HashMap<>();
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events_staging")) {
            for (Event event : events) {
                EventKey key = keying.of(event.projectId(), event.eventId());
                Event twin = staged.putIfAbsent(key, event);
                if (twin != null) {
                    if (twin.projectId().equals(event.projectId()) && twin.eventId().equals(event.eventId())) {
                        continue; // the first of two copies in one batch wins, as in the store
                    }
                    throw EventKeyCollisions.refusal(event.projectId(), event.eventId(), twin.projectId(), twin.eventId());
                }
                appender.beginRow();
                EventRows.append(appender, EventColumns.of(event), hashing);
                appender.appendHugeInt(key.lower(), key.upper()); // the bits of a UHUGEINT
                appender.endRow();
            }
        }
        return staged.size();
    }

    @Override
    public boolean isAvailable() {
        return available.getAsBoolean();
    }
}
