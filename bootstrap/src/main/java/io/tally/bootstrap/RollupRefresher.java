package io.tally.bootstrap;

import io.tally.application.port.out.RollupStore;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Folds new events into the hourly rollup on a fixed delay; a failed run is logged and retried next time. */
final class RollupRefresher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RollupRefresher.class.getName());

    private final Repeating task;

    RollupRefresher(RollupStore rollups, Duration every) {
        this.task = new Repeating(every.toSeconds(), Math.max(1, every.toSeconds()), TimeUnit.SECONDS, () -> {
            try {
                long folded = rollups.refresh();
                LOG.log(System.Logger.Level.DEBUG, "rollup refreshed with {0} events", folded);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rollup refresh failed; retrying at the next run", e);
            }
        });
    }

    @Override
    public void close() {
        task.close();
    }
}
