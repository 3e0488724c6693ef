package io.tally.bootstrap;

import io.helidon.scheduling.FixedRate;
import io.helidon.scheduling.Scheduling;

import java.util.concurrent.TimeUnit;

/** Work run again a fixed time after each run ends (helidon-scheduling), until closed; a run in progress may finish. */
final class Repeating implements AutoCloseable {

    private final FixedRate task;

    Repeating(long initialDelay, long delay, TimeUnit unit, Runnable work) {
        this.task = Scheduling.fixedRate()
                .initialDelay(initialDelay)
                .delay(delay)
                .timeUnit(unit)
                .delayType(FixedRate.DelayType.SINCE_PREVIOUS_END)
                .task(invocation -> work.run())
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
