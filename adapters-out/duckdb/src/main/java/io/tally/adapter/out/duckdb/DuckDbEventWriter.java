package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.StoreException;
import io.tally.application.port.out.StoreRow;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Writes a batch keys first, rows once: each distinct event's {@link EventKey}, time and index go to a temporary
 * {@code staged_keys} table through the Appender; one {@link ResendProbe} finds which of them are stored already and
 * {@link StoredIds} reads those rows' ids (the same: a re-send, left out; others: a collision that fails the batch,
 * {@link EventKeyCollisions}); then only the new
 * events are appended, as typed rows ({@link EventRow}), straight into {@code events}, their {@code seq} numbered
 * here (this writer is the only one: its monitor, one process per file). It then folds the rows it added into the
 * sessions kept per hour ({@link SessionFragments}) and the visitor sketches ({@link VisitorSketchTable}); their ids
 * are checked for shared hashes by the rollup refresh ({@link IdHashes}). The whole batch is one transaction: stored entirely or not at all.
 * <p>
 * The rows and keys are made by {@link #row} from each event alone, on the threads that accept events, so this
 * writer's monitor is held for the engine's work only.
 */
final class DuckDbEventWriter implements EventStore {

    private static final String STAGED_KEYS = "CREATE OR REPLACE TEMP TABLE staged_keys (event_key UHUGEINT, ts TIMESTAMP, i INTEGER)";

    /**
     * The highest seq anything may have read: the events', and the watermarks of what folds them, which stay when the
     * retention deletes the newest events. New rows are numbered above it, so every fold still sees them.
     */
    private static final String HIGHEST_SEQ = """
            SELECT greatest((SELECT coalesce(max(seq), 0) FROM events), (SELECT max(watermark) FROM rollup_state),
                            (SELECT max(compacted) FROM session_fragments_state), (SELECT coalesce(max(seq), 0) FROM session_fragments),
                            (SELECT max(compacted) FROM visitor_sketches_state), (SELECT coalesce(max(seq), 0) FROM visitor_sketches), 0)""";

    /** An event made ready to write: its key and its row. */
    private record Keyed(EventKey key, EventRow row) implements StoreRow {
        @Override
        public Event event() {
            return row.event();
        }
    }

    /** A distinct event of the batch; {@code index} is its row in {@code staged_keys}. */
    private record Staged(int index, Keyed keyed) {
        Event event() {
            return keyed.event();
        }
    }

    private final DuckDBConnection connection;
    private final BooleanSupplier available;
    private final IdHashing hashing;
    private final EventKeying keying;
    private final long recent;
    /** The highest seq stored (or read by a fold): this batch's rows follow it. Read at the first batch. */
    private long storedSeq = -1;

    /** @param recent how many of the latest stored events a re-send is looked for among whatever its time */
    DuckDbEventWriter(DuckDBConnection connection, BooleanSupplier available, IdHashing hashing, EventKeying keying, long recent) {
        this.connection = connection;
        this.available = available;
        this.hashing = hashing;
        this.keying = keying;
        this.recent = recent;
    }

    @Override
    public StoreRow row(Event event) {
        return new Keyed(keying.of(event.projectId(), event.eventId()), EventRow.of(EventColumns.of(event), hashing));
    }

    @Override
    public long append(List<Event> events) {
        return appendRows(events.stream().map(this::row).toList());
    }

    @Override
    public synchronized long appendRows(List<? extends StoreRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // a statement first: the JDBC driver begins the transaction with one, and the Appender's rows must be in it
                statement.execute(STAGED_KEYS);
                long before = storedSeq(statement);
                List<Staged> staged = distinct(rows);
                stageKeys(staged);
                BitSet resent = resent(staged, ResendProbe.of(staged.stream().map(s -> s.event().timestamp()).toList(), before, recent));
                statement.execute("DROP TABLE staged_keys");
                long after = appendNew(staged, resent, before);
                long added = after - before;
                if (added > 0) {
                    SessionFragments.fold(connection, before); // only the rows it added: a re-send adds nothing
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
            throw new StoreException("DuckDB could not store " + rows.size() + " events: " + e.getMessage(), e);
        }
    }

    private long storedSeq(Statement statement) throws SQLException {
        if (storedSeq < 0) {
            try (ResultSet rs = statement.executeQuery(HIGHEST_SEQ)) {
                rs.next();
                storedSeq = rs.getLong(1);
            }
        }
        return storedSeq;
    }

    /** Folds the log into the file between batches; false when DuckDB declines (another transaction is open). */
    synchronized boolean checkpoint() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs {@code work} while no batch is being written (the retention's purge). */
    synchronized <T> T betweenBatches(Callable<T> work) throws Exception {
        return work.call();
    }

    /**
     * Each event of the batch once, in order. One map by key finds both a second copy of an event (skipped: the first
     * copy wins, as in the store) and another event under a taken key (refused).
     */
    private List<Staged> distinct(List<? extends StoreRow> rows) {
        Map<EventKey, Event> seen = new HashMap<>();
        List<Staged> staged = new ArrayList<>(rows.size());
        for (StoreRow row : rows) {
            Keyed keyed = row instanceof Keyed mine ? mine : (Keyed) row(row.event()); // one this writer did not make
            Event event = keyed.event();
            Event twin = seen.putIfAbsent(keyed.key(), event);
            if (twin == null) {
                staged.add(new Staged(staged.size(), keyed));
            } else if (!twin.projectId().equals(event.projectId()) || !twin.eventId().equals(event.eventId())) {
                throw EventKeyCollisions.refusal(event.projectId(), event.eventId(), twin.projectId(), twin.eventId());
            }
        }
        return staged;
    }

    private void stageKeys(List<Staged> staged) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "staged_keys")) {
            for (Staged s : staged) {
                appender.beginRow()
                        .appendHugeInt(s.keyed().key().lower(), s.keyed().key().upper()) // the bits of a UHUGEINT
                        .append(s.keyed().row().ts())
                        .append(s.index())
                        .endRow();
            }
        }
    }

    /** The staged events stored already; throws when a stored row under one's key is another event. */
    private BitSet resent(List<Staged> staged, ResendProbe probe) throws SQLException {
        Set<StoredIds.Found> found = new HashSet<>();
        try (PreparedStatement probing = connection.prepareStatement(probe.sql())) {
            probe.bind(probing);
            try (ResultSet rows = probing.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredIds.Found(rows.getInt(1), rows.getLong(2)));
                }
            }
        }
        BitSet resent = new BitSet(staged.size());
        for (StoredIds.Ids stored : StoredIds.of(connection, found)) {
            EventKeyCollisions.requireSame(staged.get(stored.index()).event(), stored.projectId(), stored.eventId());
            resent.set(stored.index());
        }
        return resent;
    }

    /** Appends the staged events not {@code resent} to {@code events}, numbered after {@code before}; returns the last seq. */
    private long appendNew(List<Staged> staged, BitSet resent, long before) throws SQLException {
        long seq = before;
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (Staged s : staged) {
                if (resent.get(s.index())) {
                    continue;
                }
                appender.beginRow();
                s.keyed().row().appendTo(appender);
                appender.appendHugeInt(s.keyed().key().lower(), s.keyed().key().upper())
                        .append(++seq)
                        .endRow();
            }
        }
        return seq;
    }

    @Override
    public boolean isAvailable() {
        return available.getAsBoolean();
    }
}
