package io.tally.bootstrap.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a load run did: events sent and how the server answered them, the rate reached, request latencies, errors
 * by status, the per-index rejections by field and reason, and (when asked) when the run's events were stored and
 * queryable.
 *
 * @param targetRate      the offered rate in events/s; 0 when sent as fast as the server answers
 * @param seconds         from the first request to the last answer
 * @param eventsSent      events in the batches sent (each batch once, however often it was re-sent)
 * @param accepted        events the server took (202 {@code accepted})
 * @param rejected        events the server refused one by one (202 or 400 {@code rejected}, by index)
 * @param failed          events of batches that got no 202 or 400 (an error status, a lost connection, retries spent)
 * @param retriedRequests re-sends after a 503 or 429
 * @param retriedEvents   events in those re-sends
 * @param maxBehind       how far the sending fell behind the clock's schedule at worst, in seconds (requests waiting
 *                        for a free slot of the concurrency: the backlog of a server slower than the offered rate)
 * @param unsent          events the schedule called for before {@code --duration} ended that were never sent (that
 *                        backlog at the end)
 * @param errorsByStatus  answers other than 202, by status ({@code 503}, {@code 429}, {@code io} for no answer)
 * @param stored          the stored-and-queryable check, when run
 * @param abortedBecause  why the run stopped early (a refused key), if it did
 */
public record LoadReport(double targetRate, double seconds, long requests, long eventsSent, long accepted, long duplicates,
                         long botsExcluded, long rejected, long failed, long retriedRequests, long retriedEvents,
                         Latency latency, double maxBehind, long unsent, Map<String, Long> errorsByStatus,
                         Map<String, Long> rejectionsByReason, Optional<Stored> stored, Optional<String> abortedBecause) {

    /** Request latencies in milliseconds (each attempt, from sending to the answer); zeros when there were none. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
    }

    /**
     * The run's events as the server counts them once the sending ended.
     *
     * @param count    the last count read
     * @param seconds  from the run's first request until the count reached the accepted events (or the check gave up)
     * @param complete whether the count reached them
     */
    public record Stored(long count, double seconds, boolean complete) {
    }

    public LoadReport {
        errorsByStatus = Map.copyOf(errorsByStatus);
        rejectionsByReason = Map.copyOf(rejectionsByReason);
    }

    /** Events sent per second over the run. */
    public double achievedRate() {
        return seconds > 0 ? eventsSent / seconds : 0;
    }

    /** Events accepted per second over the run. */
    public double acceptedRate() {
        return seconds > 0 ? accepted / seconds : 0;
    }

    public LoadReport withStored(Stored check) {
        return new LoadReport(targetRate, seconds, requests, eventsSent, accepted, duplicates, botsExcluded, rejected, failed,
                retriedRequests, retriedEvents, latency, maxBehind, unsent, errorsByStatus, rejectionsByReason, Optional.of(check),
                abortedBecause);
    }

    /** The summary a person reads. */
    public String text() {
        StringBuilder out = new StringBuilder();
        abortedBecause.ifPresent(reason -> out.append("stopped early: ").append(reason).append('\n'));
        out.append(String.format(Locale.ROOT, "events:   %,d sent, %,d accepted, %,d rejected, %,d failed, %,d duplicates, %,d bots left out%n",
                eventsSent, accepted, rejected, failed, duplicates, botsExcluded));
        out.append(String.format(Locale.ROOT, "requests: %,d (%,d re-sent after 503/429, %,d events in them)%n",
                requests, retriedRequests, retriedEvents));
        out.append(String.format(Locale.ROOT, "rate:     %,.0f events/s sent, %,.0f accepted, over %.1f s (target: %s)%n",
                achievedRate(), acceptedRate(), seconds, targetRate > 0 ? String.format(Locale.ROOT, "%,.0f/s", targetRate) : "as fast as it goes"));
        if (targetRate > 0) {
            out.append(String.format(Locale.ROOT, "backlog:  behind the schedule at worst %.2f s; %,d events of the schedule never sent%n",
                    maxBehind, unsent));
        }
        out.append(String.format(Locale.ROOT, "latency:  p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%,d answers)%n",
                latency.p50(), latency.p90(), latency.p99(), latency.max(), latency.count()));
        out.append("errors:   ").append(errorsByStatus.isEmpty() ? "none" : sorted(errorsByStatus)).append('\n');
        if (!rejectionsByReason.isEmpty()) {
            out.append("rejected: ").append(sorted(rejectionsByReason)).append('\n');
        }
        stored.ifPresent(s -> out.append(s.complete()
                ? String.format(Locale.ROOT, "stored and queryable: %,d events after %.1f s, %,.0f events/s%n", s.count(), s.seconds(),
                        s.seconds() > 0 ? s.count() / s.seconds() : 0)
                : String.format(Locale.ROOT, "stored and queryable: only %,d of %,d events after %.1f s (gave up)%n", s.count(),
                        accepted, s.seconds())));
        return out.toString();
    }

    /** The summary as plain values, for {@code --json} and the benchmark. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target_events_per_s", targetRate);
        json.put("seconds", seconds);
        json.put("requests", requests);
        json.put("events_sent", eventsSent);
        json.put("events_accepted", accepted);
        json.put("events_rejected", rejected);
        json.put("events_failed", failed);
        json.put("events_duplicates", duplicates);
        json.put("events_bots_excluded", botsExcluded);
        json.put("requests_retried", retriedRequests);
        json.put("events_retried", retriedEvents);
        json.put("sent_events_per_s", achievedRate());
        json.put("accepted_events_per_s", acceptedRate());
        json.put("max_behind_schedule_s", maxBehind);
        json.put("events_unsent", unsent);
        json.put("latency_ms", Map.of("p50", latency.p50(), "p90", latency.p90(), "p99", latency.p99(), "max", latency.max(),
                "count", latency.count()));
        json.put("errors_by_status", errorsByStatus);
        json.put("rejections_by_reason", rejectionsByReason);
        stored.ifPresent(s -> json.put("stored", Map.of("events", s.count(), "seconds", s.seconds(), "complete", s.complete(),
                "events_per_s", s.seconds() > 0 ? s.count() / s.seconds() : 0)));
        abortedBecause.ifPresent(reason -> json.put("stopped_early", reason));
        return json;
    }

    private static String sorted(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
        return out.toString();
    }
}
