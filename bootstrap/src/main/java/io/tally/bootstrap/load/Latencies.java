package io.tally.bootstrap.load;

import java.util.Arrays;

/**
 * Request latencies in nanoseconds: every one of the run (for the summary) and those since the last look (for the
 * progress line). Eight bytes a request: a million requests (a billion events in batches of 1,000) take 8 MB.
 */
final class Latencies {

    private long[] all = new long[1024];
    private int size;
    private int windowStart;

    synchronized void add(long nanos) {
        if (size == all.length) {
            all = Arrays.copyOf(all, size * 2);
        }
        all[size++] = nanos;
    }

    /** The latencies since the previous call. */
    synchronized LoadReport.Latency sinceLastLook() {
        LoadReport.Latency window = of(Arrays.copyOfRange(all, windowStart, size));
        windowStart = size;
        return window;
    }

    synchronized LoadReport.Latency ofAll() {
        return of(Arrays.copyOf(all, size));
    }

    private static LoadReport.Latency of(long[] nanos) {
        if (nanos.length == 0) {
            return new LoadReport.Latency(0, 0, 0, 0, 0);
        }
        Arrays.sort(nanos);
        return new LoadReport.Latency(nanos.length, millis(nanos, 50), millis(nanos, 90), millis(nanos, 99),
                nanos[nanos.length - 1] / 1e6);
    }

    /** The nearest-rank percentile. */
    private static double millis(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
