package io.tally.bootstrap;

import io.helidon.scheduling.FixedRate;
import io.helidon.scheduling.Scheduling;
import io.tally.application.port.out.RollupStore;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Folds new events into the hourly rollup on a fixed delay (helidon-scheduling); a failed run is logged and retried next time. */
final class RollupRefresher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RollupRefresher.class.getName());

    private final FixedRate task;

    RollupRefresher(RollupStore rollups, Duration every) {
        this.task = Scheduling.fixedRate()
                .initialDelay(every.toSeconds())
                .delay(Math.max(1, every.toSeconds()))
                .timeUnit(TimeUnit.SECONDS)
                .delayType(FixedRate.DelayType.SINCE_PREVIOUS_END)
                .task(invocation -> {
                    try {
                        long folded = rollups.refresh();
                        LOG.log(System.Logger.Level.DEBUG, "rollup refreshed with {0} events", folded);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "rollup refresh failed; retrying at the next run", e);
                    }
                })
                .build();
    }

    @Override
    public void close() {
        task.executor().shutdown();
        try {
            task.executor().awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
