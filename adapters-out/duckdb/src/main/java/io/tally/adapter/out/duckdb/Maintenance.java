package io.tally.adapter.out.duckdb;

import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One maintenance at a time: the rollup refresh and the retention's purge change the same derived tables (the
 * rollup, the session fragments, the visitor sketches, {@code id_hashes} and {@code hash_collisions}, and the
 * projects {@link HashCollisions} holds), so two at once would conflict in DuckDB. Writes do not take it.
 */
final class Maintenance {

    private final ReentrantLock lock = new ReentrantLock();

    <T> T exclusively(Callable<T> work) throws Exception {
        lock.lock();
        try {
            return work.call();
        } finally {
            lock.unlock();
        }
    }
}
