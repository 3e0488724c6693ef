package io.tally.ops.bench;

import io.tally.domain.event.Event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends a large stream of events through the store's adapter in batches of 50,000, and times each successive
 * million: a rate that falls as the table grows is a load that costs more per event the more is stored. The process's
 * resident memory is taken after the 1st, 10th and 100th million and at the end: memory that grows with the stored
 * history shows there (issue 21 asks for 100 M within 1.5 × of 1 M).
 */
final class LargeLoad {

    static final int BATCH = 50_000;
    private static final long STEP = 1_000_000;

    private LargeLoad() {
    }

    /**
     * @param name the figures' prefix: {@code <name>_events_per_s} overall and {@code <name>_events_per_s_<k>m} for
     *             the k-th million (the last one may be partial); {@code <name>_rss_mib_<k>m} and
     *             {@code <name>_rss_peak_mib_<k>m} for k = 1, 10, 100 and {@code _end}
     */
    static Map<String, Double> into(BenchStore store, Iterator<Event> events, String name) {
        Map<String, Double> figures = new LinkedHashMap<>();
        List<Event> batch = new ArrayList<>(BATCH);
        long started = System.nanoTime();
        long stepStarted = started;
        long loaded = 0;
        long stepFrom = 0;
        while (events.hasNext()) {
            batch.add(events.next());
            if (batch.size() == BATCH || !events.hasNext()) {
                store.events().append(batch);
                loaded += batch.size();
                batch.clear();
                if (loaded - stepFrom >= STEP || !events.hasNext()) {
                    double rate = (loaded - stepFrom) / Measure.seconds(stepStarted);
                    long million = (stepFrom / STEP) + 1;
                    figures.put(name + "_events_per_s_" + million + "m", rate);
                    System.out.printf("%s: events %,d to %,d at %,.0f events/s%n", name, stepFrom, loaded, rate);
                    if (million == 1 || million == 10 || million == 100 || !events.hasNext()) {
                        String at = events.hasNext() ? million + "m" : "end";
                        ResidentMemory.nowMib().ifPresent(mib -> figures.put(name + "_rss_mib_" + at, mib));
                        ResidentMemory.peakMib().ifPresent(mib -> figures.put(name + "_rss_peak_mib_" + at, mib));
                    }
                    stepFrom = loaded;
                    stepStarted = System.nanoTime();
                }
            }
        }
        figures.put(name + "_events_per_s", loaded / Measure.seconds(started));
        return figures;
    }
}
