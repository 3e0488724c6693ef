package io.tally.bootstrap;

import io.tally.application.port.out.EventExpiry;
import io.tally.domain.time.Retention;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deletes the events the retention no longer keeps, at start and then whenever the horizon has moved (it moves at
 * each UTC midnight; checked every few minutes). Queries stop counting an event at the horizon whether or not it is
 * deleted yet, so a late or failed run changes no answer: it is logged and retried at the next check.
 */
final class RetentionJob implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());
    private static final long CHECK_MINUTES = 5;

    private final Repeating task;
    private final AtomicReference<Instant> expiredBefore = new AtomicReference<>();

    RetentionJob(EventExpiry expiry, Retention retention, Clock clock) {
        this.task = new Repeating(0, CHECK_MINUTES, TimeUnit.MINUTES, () -> {
            Instant horizon = retention.horizon(clock.instant());
            if (horizon.equals(expiredBefore.get())) {
                return;
            }
            try {
                long deleted = expiry.expireBefore(horizon);
                expiredBefore.set(horizon);
                LOG.log(System.Logger.Level.INFO, "retention of {0} days: deleted {1} events before {2}",
                        retention.days(), deleted, horizon);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "deleting the events past the retention failed; retrying in "
                        + CHECK_MINUTES + " minutes", e);
            }
        });
    }

    @Override
    public void close() {
        task.close();
    }
}
