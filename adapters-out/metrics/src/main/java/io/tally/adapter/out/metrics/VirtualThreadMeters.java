package io.tally.adapter.out.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import jdk.jfr.consumer.RecordingStream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual-thread meters from the JDK's own flight recorder events (Helidon serves each request on a virtual thread):
 * threads started and ended (so the number alive), threads pinned to their carrier for longer than 20 ms (a
 * {@code synchronized} block or native call that blocks), and starts the scheduler refused. The events are read
 * from an in-process recording stream, about once a second.
 */
final class VirtualThreadMeters implements AutoCloseable {

    private final RecordingStream stream = new RecordingStream();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    VirtualThreadMeters(MeterRegistry registry) {
        Counter startedTotal = registry.getOrCreate(Counter.builder("tally_virtual_threads_started")
                .description("Virtual threads started in this process"));
        Counter pinned = registry.getOrCreate(Counter.builder("tally_virtual_threads_pinned")
                .description("Virtual threads that blocked while pinned to their carrier thread for more than 20 ms"));
        Counter submitFailed = registry.getOrCreate(Counter.builder("tally_virtual_threads_submit_failed")
                .description("Virtual thread starts or unparks the scheduler refused"));
        stream.enable("jdk.VirtualThreadStart");
        stream.enable("jdk.VirtualThreadEnd");
        stream.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(20));
        stream.enable("jdk.VirtualThreadSubmitFailed");
        stream.onEvent("jdk.VirtualThreadStart", e -> {
            started.incrementAndGet();
            startedTotal.increment();
        });
        stream.onEvent("jdk.VirtualThreadEnd", e -> ended.incrementAndGet());
        stream.onEvent("jdk.VirtualThreadPinned", e -> pinned.increment());
        stream.onEvent("jdk.VirtualThreadSubmitFailed", e -> submitFailed.increment());
        stream.setMaxAge(Duration.ofSeconds(10));
        stream.startAsync();
    }

    /** Started and not yet ended, as far as the stream has read. */
    long alive() {
        return Math.max(0, started.get() - ended.get());
    }

    @Override
    public void close() {
        stream.close();
    }
}
