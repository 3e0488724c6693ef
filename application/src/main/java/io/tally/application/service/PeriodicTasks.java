package io.tally.application.service;

import java.time.Duration;
import java.util.List;

/** Runs a few tasks one after another every period on one thread (alert evaluation, report schedules). */
public final class PeriodicTasks implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicTasks.class.getName());

    private final Thread thread;
    private volatile boolean running = true;

    public PeriodicTasks(String name, Duration period, List<Runnable> tasks) {
        this.thread = Thread.ofVirtual().name(name).start(() -> {
            while (running) {
                for (Runnable task : tasks) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, name + ": a periodic task failed", e);
                    }
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
