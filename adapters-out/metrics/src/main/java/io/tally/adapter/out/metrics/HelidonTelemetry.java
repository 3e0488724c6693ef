package io.tally.adapter.out.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionStatisticsConfig;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import io.tally.application.port.out.BroadcastTelemetry;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.NotificationTelemetry;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.validation.ViolationKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Reports ingestion and query telemetry as Helidon meters, served in Prometheus format at
 * {@code /observe/metrics}. Names follow Prometheus conventions: counters end in {@code _total} once exported,
 * durations are in seconds.
 */
public final class HelidonTelemetry implements IngestTelemetry, QueryTelemetry, NotificationTelemetry, BroadcastTelemetry {

    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Counter accepted;
    private final DistributionSummary batchSize;
    private final Timer flushLatency;
    private final Counter flushFailures;
    private final Counter overloaded;
    private final AtomicInteger queueDepth = new AtomicInteger();

    private HelidonTelemetry(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = registry.getOrCreate(Counter.builder("tally_events_accepted")
                .description("Events accepted for storage"));
        this.batchSize = registry.getOrCreate(DistributionSummary.builder("tally_ingest_batch_size_events")
                .description("Events per batch written to the store")
                .distributionStatisticsConfig(DistributionStatisticsConfig.builder()
                        .buckets(1, 10, 100, 500, 1_000, 5_000, 10_000, 50_000)));
        this.flushLatency = registry.getOrCreate(Timer.builder("tally_ingest_flush")
                .description("Time to write one batch to the store")
                .buckets(LATENCY_BUCKETS));
        this.flushFailures = registry.getOrCreate(Counter.builder("tally_ingest_flush_failures")
                .description("Batch writes that failed and were retried"));
        this.overloaded = registry.getOrCreate(Counter.builder("tally_ingest_overloaded_requests")
                .description("Ingest requests refused with 503 because the writer was full"));
        gauge("tally_ingest_queue_events", "Events accepted and waiting to be written", queueDepth::get);
        // counters that only move on rare events exist from the start, so that rate() and alerts see a zero
        rateLimiterUnavailableCounter();
        deadLettered(0);
        storeDeadLettered(0);
        waitTimeouts();
        botsExcluded(0);
        consumed(0);
        for (String what : List.of("alert", "report")) {
            for (String channel : List.of("webhook", "email")) {
                deliveries(what, channel, "delivered");
                deliveries(what, channel, "failed");
            }
        }
        alertTransitions("firing");
        alertTransitions("resolved");
        alertEvaluationFailures();
        for (String what : List.of("events", "alerts")) {
            for (String outcome : List.of("sent", "received", "failed")) {
                broadcastMessages(what, outcome);
            }
        }
        // every series whose labels are known in advance, so that dashboards and alert rules see a zero, not nothing
        for (ViolationKind kind : ViolationKind.values()) {
            rejections(kind.label());
        }
        QueryTelemetry.CACHE_OUTCOMES.forEach(this::cacheUses);
        QueryTelemetry.RATE_LIMIT_KINDS.forEach(this::rateLimitedRequests);
        QueryTelemetry.QUERY_SOURCES.forEach((type, sources) -> sources.forEach(source -> queryLatency(type, source)));
    }

    /**
     * What each gauge reads now. A gauge is registered once per registry (the global one outlives a server in tests
     * that start several), so it reads through this and the server started last is the one it reports.
     */
    private static final Map<String, AtomicReference<LongSupplier>>
            GAUGE_SOURCES = new ConcurrentHashMap<>();

    private void gauge(String name, String description, LongSupplier source) {
        AtomicReference<LongSupplier> current =
                GAUGE_SOURCES.computeIfAbsent(name, n -> new AtomicReference<>());
        current.set(source);
        registry.getOrCreate(Gauge.builder(name, current, c -> c.get().getAsLong()).description(description));
    }

    /** Registers Tally's meters in Helidon's global registry (the one {@code /observe/metrics} serves). */
    public static HelidonTelemetry global() {
        return new HelidonTelemetry(Metrics.globalRegistry());
    }

    @Override
    public void accepted(int events) {
        accepted.increment(events);
    }

    @Override
    public void rejected(String reason) {
        rejections(reason).increment();
    }

    private Counter rejections(String reason) {
        return registry.getOrCreate(Counter.builder("tally_events_rejected")
                .description("Events refused, by the kind of their first violation")
                .tags(Metrics.tags("reason", reason)));
    }

    @Override
    public void flushed(int events, Duration took) {
        batchSize.record(events);
        flushLatency.record(took);
    }

    @Override
    public void flushFailed() {
        flushFailures.increment();
    }

    @Override
    public void rateLimited(String kind) {
        rateLimitedRequests(kind).increment();
    }

    private Counter rateLimitedRequests(String kind) {
        return registry.getOrCreate(Counter.builder("tally_rate_limited_requests")
                .description("Requests refused with 429, by limit (ingest or query)")
                .tags(Metrics.tags("kind", kind)));
    }

    @Override
    public void rateLimiterUnavailable() {
        rateLimiterUnavailableCounter().increment();
    }

    private Counter rateLimiterUnavailableCounter() {
        return registry.getOrCreate(Counter.builder("tally_rate_limiter_unavailable")
                .description("Requests let through because the rate limiter's Redis could not be asked (fail-open)"));
    }

    /** Reports the query cache's evictions (read when scraped). */
    public void cacheEvictions(LongSupplier evictions) {
        gauge("tally_query_cache_evictions", "Answers dropped from the local query cache for room", evictions);
    }

    /** 1 while a dependency ({@code store}, {@code kafka}, {@code redis}) answers, 0 while it does not; asked when scraped. */
    public void dependency(String name, BooleanSupplier answers) {
        AtomicReference<LongSupplier> current =
                GAUGE_SOURCES.computeIfAbsent("tally_dependency_up/" + name, n -> new AtomicReference<>());
        current.set(() -> answers.getAsBoolean() ? 1 : 0);
        registry.getOrCreate(Gauge.builder("tally_dependency_up", current, c -> c.get().getAsLong())
                .description("1 while the dependency answers, 0 while it does not")
                .tags(Metrics.tags("dependency", name)));
    }

    /**
     * Starts the virtual-thread meters ({@code tally_virtual_threads_*}); the returned handle stops their recording
     * stream. Counted from the moment they start.
     */
    public AutoCloseable virtualThreads() {
        VirtualThreadMeters meters = new VirtualThreadMeters(registry);
        gauge("tally_virtual_threads_alive", "Virtual threads started and not yet ended (as read from the flight recorder)",
                meters::alive);
        return meters;
    }

    /** Live dashboards: connections open, messages waiting to be sent, answers conflated for slow clients. */
    public void live(IntSupplier open, LongSupplier queued,
                     LongSupplier conflated) {
        gauge("tally_live_connections", "Live dashboard connections (WebSocket /v1/live) open on this node", open::getAsInt);
        gauge("tally_live_queued_messages", "Messages waiting to be sent on live connections", queued);
        gauge("tally_live_conflated_updates", "Live answers replaced by newer ones before a slow client read them, since start",
                conflated);
    }

    /** Stored events whose batch found the live feed's queue full, since start (live views read them from the store). */
    public void liveMissed(LongSupplier missed) {
        gauge("tally_live_missed_events", "Stored events not handed to live views in time, since start; the views read them"
                + " from the store again", missed);
    }

    @Override
    public void consumed(int events) {
        registry.getOrCreate(Counter.builder("tally_events_consumed")
                .description("Valid events read from Kafka and stored by this node's consumer")).increment(events);
    }

    @Override
    public void cache(String outcome) {
        cacheUses(outcome).increment();
    }

    private Counter cacheUses(String outcome) {
        return registry.getOrCreate(Counter.builder("tally_query_cache")
                .description("Uses of the query cache by outcome: hit, stale, miss, bypass (forced or cache down), error")
                .tags(Metrics.tags("outcome", outcome)));
    }

    @Override
    public void deadLettered(int records) {
        registry.getOrCreate(Counter.builder("tally_kafka_dead_letters")
                .description("Consumed records written to the dead-letter topic")).increment(records);
    }

    @Override
    public void storeDeadLettered(int events) {
        registry.getOrCreate(Counter.builder("tally_ingest_dead_letters")
                .description("Accepted events the store refused for good, set aside (HTTP: ingest.dead-letter-file; Kafka: the dead-letter topic)")).increment(events);
    }

    @Override
    public void waitTimedOut() {
        waitTimeouts().increment();
    }

    private Counter waitTimeouts() {
        return registry.getOrCreate(Counter.builder("tally_ingest_wait_timeouts")
                .description("wait=true ingest requests answered 503 not-yet-stored because the wait bound passed"));
    }

    private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();

    /** The ingest consumer's lag on one partition (records behind the log end). */
    public void consumerLag(int partition, long lag) {
        lags.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            registry.getOrCreate(Gauge.builder("tally_kafka_consumer_lag_records", value, AtomicLong::get)
                    .description("Records the ingest consumer is behind, by partition")
                    .tags(Metrics.tags("partition", Integer.toString(p))));
            return value;
        }).set(lag);
    }

    @Override
    public void botsExcluded(int events) {
        registry.getOrCreate(Counter.builder("tally_events_bots_excluded")
                .description("Valid events left out of storage because a bot sent them")).increment(events);
    }

    @Override
    public void overloaded() {
        overloaded.increment();
    }

    @Override
    public void queueDepth(int events) {
        queueDepth.set(events);
    }

    @Override
    public void answered(String queryType, String source, Duration took) {
        queryLatency(queryType, source).record(took);
    }

    private Timer queryLatency(String queryType, String source) {
        return registry.getOrCreate(Timer.builder("tally_query")
                .description("Query latency by query type and source (raw or rollup)")
                .tags(Metrics.tags("type", queryType, "source", source))
                .buckets(LATENCY_BUCKETS));
    }

    @Override
    public void delivered(String what, String channel, boolean ok) {
        deliveries(what, channel, ok ? "delivered" : "failed").increment();
    }

    private Counter deliveries(String what, String channel, String outcome) {
        return registry.getOrCreate(Counter.builder("tally_notification_deliveries")
                .description("Alert notifications and scheduled reports by channel and outcome, after retries")
                .tags(Metrics.tags("kind", what, "channel", channel, "outcome", outcome)));
    }

    @Override
    public void alertEntered(String state) {
        alertTransitions(state).increment();
    }

    private Counter alertTransitions(String state) {
        return registry.getOrCreate(Counter.builder("tally_alert_transitions")
                .description("Alert groups that entered a state (firing, resolved)")
                .tags(Metrics.tags("state", state)));
    }

    @Override
    public void alertEvaluationFailed() {
        alertEvaluationFailures().increment();
    }

    private Counter alertEvaluationFailures() {
        return registry.getOrCreate(Counter.builder("tally_alert_evaluation_failures")
                .description("Alert evaluations whose query could not be answered"));
    }

    @Override
    public void broadcast(String what, String outcome) {
        broadcastMessages(what, outcome).increment();
    }

    private Counter broadcastMessages(String what, String outcome) {
        return registry.getOrCreate(Counter.builder("tally_broadcast_messages")
                .description("Messages of the broadcast between nodes (events, alerts) sent, received or failed")
                .tags(Metrics.tags("what", what, "outcome", outcome)));
    }
}
