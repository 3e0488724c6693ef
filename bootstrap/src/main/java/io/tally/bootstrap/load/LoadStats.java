package io.tally.bootstrap.load;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The running counts of a load run, added to by every sender and read by the progress line and the summary. */
final class LoadStats {

    final LongAdder requests = new LongAdder();
    final LongAdder eventsSent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder botsExcluded = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retriedRequests = new LongAdder();
    final LongAdder retriedEvents = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong unsent = new AtomicLong();
    final Latencies latencies = new Latencies();
    /** Nanoseconds the latest batch started after its time on the schedule, and the most it ever was. */
    final AtomicLong behindNanos = new AtomicLong();
    final AtomicLong maxBehindNanos = new AtomicLong();
    private final Map<String, LongAdder> errorsByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectionsByReason = new ConcurrentHashMap<>();

    void error(String status) {
        errorsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void rejection(String reason) {
        rejectionsByReason.computeIfAbsent(reason, s -> new LongAdder()).increment();
    }

    void behind(long nanos) {
        behindNanos.set(nanos);
        maxBehindNanos.accumulateAndGet(nanos, Math::max);
    }

    LoadReport report(double targetRate, double seconds, Optional<String> abortedBecause) {
        return new LoadReport(targetRate, seconds, requests.sum(), eventsSent.sum(), accepted.sum(), duplicates.sum(),
                botsExcluded.sum(), rejected.sum(), failed.sum(), retriedRequests.sum(), retriedEvents.sum(),
                latencies.ofAll(), maxBehindNanos.get() / 1e9, unsent.get(), sums(errorsByStatus), sums(rejectionsByReason),
                Optional.empty(), abortedBecause);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
