package io.tally.bootstrap.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends batches of events to {@code POST /v1/events} at an offered rate, open-loop: each batch has its time on a
 * schedule set by the clock and the rate, not by the previous answer, so a server slower than the rate shows as
 * latency and as sending that falls behind the schedule (every slot of the concurrency busy), never as a quietly
 * lower offered rate. A 503 or 429 is counted and the same batch (the same bytes, the same event ids) is re-sent
 * after its {@code Retry-After}: the store keeps each event id once, so a re-send is never counted twice. A key the
 * server refuses (401, 403), a wrong address (404) or a batch it can never take (413) stops the run.
 */
public final class IngestLoad {

    /** Where the events go: the server's base URL, and the write key sent as {@code Authorization: Bearer}. */
    public record Target(URI server, Optional<String> key) {
        public Target {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * How hard: {@code eventsPerSecond} offered (0 for as fast as the server answers), at most {@code concurrency}
     * requests in flight, for how long at most (the batches may end first), and how long a refused batch waits
     * before it is sent again: the answer's {@code Retry-After} when {@code retryWait} is empty.
     */
    public record Pace(double eventsPerSecond, int concurrency, Optional<Duration> duration, Optional<Duration> retryWait) {
        public Pace {
            if (eventsPerSecond < 0 || concurrency < 1) {
                throw new IllegalArgumentException("the rate must be >= 0 and the concurrency >= 1");
            }
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(retryWait, "retryWait");
        }

        /** Waits as each refusal's {@code Retry-After} says. */
        public Pace(double eventsPerSecond, int concurrency, Optional<Duration> duration) {
            this(eventsPerSecond, concurrency, duration, Optional.empty());
        }
    }

    /** A batch refused (503, 429) for this long since its first sending is counted as failed and the run goes on. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);
    private static final Duration LONGEST_RETRY_WAIT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Target target;
    private final Pace pace;
    private final Consumer<String> progress;
    private final LoadStats stats = new LoadStats();
    private volatile String stopReason;

    /** @param progress takes a line about the run once a second (and nothing more when nobody reads it) */
    public IngestLoad(HttpClient client, Target target, Pace pace, Consumer<String> progress) {
        this.client = client;
        this.target = target;
        this.pace = pace;
        this.progress = progress;
    }

    /** Sends the batches (until they end, the duration passes or the server refuses the key) and waits for every answer. */
    public LoadReport run(Iterator<Batch> batches) {
        long start = System.nanoTime();
        long deadline = pace.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        Semaphore slots = new Semaphore(pace.concurrency());
        Thread progressLine = Thread.ofVirtual().name("bench-ingest-progress").start(() -> reportProgress(start));
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long eventsScheduled = 0;
            boolean durationEnded = false;
            while (batches.hasNext() && stopReason == null) {
                long due = pace.eventsPerSecond() > 0 ? start + (long) (eventsScheduled * 1e9 / pace.eventsPerSecond()) : System.nanoTime();
                if (due >= deadline) {
                    durationEnded = true;
                    break;
                }
                Batch batch = batches.next(); // made before its time, so making it does not delay the schedule
                sleepUntil(due);
                if (System.nanoTime() >= deadline) {
                    durationEnded = true;
                    break;
                }
                slots.acquireUninterruptibly();
                stats.behind(pace.eventsPerSecond() > 0 ? Math.max(0, System.nanoTime() - due) : 0);
                stats.inFlight.incrementAndGet();
                stats.eventsSent.add(batch.events());
                senders.submit(() -> {
                    try {
                        send(batch);
                    } finally {
                        stats.inFlight.decrementAndGet();
                        slots.release();
                    }
                });
                eventsScheduled += batch.events();
            }
            if (durationEnded && pace.eventsPerSecond() > 0) {
                // what the schedule called for before the end but a server slower than the rate left unsent
                long offered = (long) (pace.eventsPerSecond() * pace.duration().orElseThrow().toNanos() / 1e9);
                stats.unsent.set(Math.max(0, offered - eventsScheduled));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progressLine.interrupt();
        return stats.report(pace.eventsPerSecond(), seconds, Optional.ofNullable(stopReason));
    }

    private void send(Batch batch) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.server().resolve("/v1/events"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()));
        target.key().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.build();
        long giveUpAt = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                stats.retriedRequests.increment();
                stats.retriedEvents.add(batch.events());
            }
            stats.requests.increment();
            long sent = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                stats.error("io");
                stats.failed.add(batch.events());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stats.failed.add(batch.events());
                return;
            }
            stats.latencies.add(System.nanoTime() - sent);
            int status = response.statusCode();
            switch (status) {
                case 202 -> {
                    counted(response.body(), batch);
                    return;
                }
                case 503, 429 -> {
                    stats.error(String.valueOf(status));
                    if (System.nanoTime() >= giveUpAt || stopReason != null) {
                        stats.failed.add(batch.events());
                        return;
                    }
                    sleep(pace.retryWait().orElseGet(() -> retryAfter(response)));
                }
                case 400 -> {
                    stats.error("400");
                    refusedOneByOne(response.body(), batch);
                    return;
                }
                case 401, 403, 404, 413 -> {
                    stats.error(String.valueOf(status));
                    stats.failed.add(batch.events());
                    stop("the server answered " + status + ": " + detail(response.body()));
                    return;
                }
                default -> {
                    stats.error(String.valueOf(status));
                    stats.failed.add(batch.events());
                    return;
                }
            }
        }
    }

    /** A 202: the events taken, the later copies within the batch, the bots left out and the rejections by index. */
    private void counted(String body, Batch batch) {
        JsonNode answer = json(body);
        if (answer == null || !answer.has("accepted")) {
            stats.failed.add(batch.events());
            stats.error("202 unreadable");
            return;
        }
        stats.accepted.add(answer.path("accepted").asLong());
        stats.duplicates.add(answer.path("duplicates").asLong());
        stats.botsExcluded.add(answer.path("bots_excluded").asLong());
        rejections(answer.path("rejected"));
    }

    /** A 400: none of the batch was valid (its rejections listed by index), or the body itself was refused. */
    private void refusedOneByOne(String body, Batch batch) {
        JsonNode answer = json(body);
        if (answer != null && answer.path("rejected").isArray() && !answer.path("rejected").isEmpty()) {
            rejections(answer.path("rejected"));
        } else {
            stats.failed.add(batch.events());
        }
    }

    private void rejections(JsonNode rejected) {
        for (JsonNode rejection : rejected) {
            stats.rejected.increment();
            JsonNode first = rejection.path("errors").path(0);
            stats.rejection(first.path("field").asText("?") + ": " + first.path("reason").asText("?"));
        }
    }

    /** Ends the run early (Ctrl-C): nothing more is sent, the answers in flight are awaited and reported. */
    public void interrupt() {
        stop("interrupted");
    }

    private void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    private void reportProgress(long start) {
        long lastSent = 0;
        long lastAt = start;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long sent = stats.eventsSent.sum();
            LoadReport.Latency window = stats.latencies.sinceLastLook();
            String latency = window.count() == 0 ? "no answer"
                    : String.format(Locale.ROOT, "p50 %.1f ms  p99 %.1f ms", window.p50(), window.p99());
            progress.accept(String.format(Locale.ROOT,
                    "%5.0fs  sent %,d  accepted %,d  rejected %,d  now %,.0f/s  %s  in flight %d  behind %.2f s  re-sent %,d",
                    (now - start) / 1e9, sent, stats.accepted.sum(), stats.rejected.sum(), (sent - lastSent) / ((now - lastAt) / 1e9),
                    latency, stats.inFlight.get(), stats.behindNanos.get() / 1e9, stats.retriedRequests.sum()));
            lastSent = sent;
            lastAt = now;
        }
    }

    /** {@code Retry-After} in seconds (the form Tally sends); a second when absent or a date. */
    static Duration retryAfter(HttpResponse<?> response) {
        Duration wait = response.headers().firstValue("Retry-After").flatMap(IngestLoad::seconds).orElse(Duration.ofSeconds(1));
        return wait.compareTo(LONGEST_RETRY_WAIT) > 0 ? LONGEST_RETRY_WAIT : wait;
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String detail(String body) {
        JsonNode problem = json(body);
        String detail = problem == null ? body : problem.path("detail").asText(problem.path("title").asText(body));
        return detail.length() > 300 ? detail.substring(0, 300) + "…" : detail;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleepUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
