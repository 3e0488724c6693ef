package io.tally.bootstrap;

import io.tally.adapter.out.documents.PdfDocuments;
import io.tally.adapter.out.kafka.KafkaMessaging;
import io.tally.adapter.out.metrics.HelidonTelemetry;
import io.tally.adapter.out.tracing.Tracing;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.PdfRenderer;

import java.time.Clock;
import java.util.Optional;

/**
 * What the core drives, chosen by configuration: the store ({@code store.kind}), the query cache, rate limiter and
 * broadcast between nodes ({@code cache.kind}, {@code limits.kind}, {@code live.broadcast}), Kafka (in kafka mode or
 * when this node consumes), tracing, telemetry and PDF rendering. The store's ports come traced when tracing is on.
 */
record OutboundAdapters(Stores stores, HelidonTelemetry telemetry, AutoCloseable virtualThreadMeters, QueryCaches caches,
                        Optional<Tracing> tracing, EventStore events, AnalyticsEngine analytics,
                        Optional<KafkaMessaging> messaging, PdfRenderer pdf) {

    static OutboundAdapters open(TallyConfig config, Clock clock) {
        Stores stores = Stores.open(config, clock);
        HelidonTelemetry telemetry = HelidonTelemetry.global();
        AutoCloseable virtualThreadMeters = telemetry.virtualThreads(); // exported before the first request is served
        QueryCaches caches = QueryCaches.open(config, telemetry);
        telemetry.cacheEvictions(caches.cache()::evictions);
        // tracing: off unless tracing.enabled; then a span per request, per store call and per Kafka batch, over OTLP
        Optional<Tracing> tracing = config.tracing().settings().map(Tracing::start);
        EventStore events = tracing.map(t -> t.events(stores.events(), stores.kind())).orElse(stores.events());
        AnalyticsEngine analytics = tracing.map(t -> t.analytics(stores.analytics(), stores.kind())).orElse(stores.analytics());
        Optional<KafkaMessaging> messaging = config.ingest().collecting() || config.kafka().consume()
                ? Optional.of(KafkaMessaging.connect(config.kafka().messaging())) : Optional.empty();
        return new OutboundAdapters(stores, telemetry, virtualThreadMeters, caches, tracing, events, analytics, messaging,
                PdfDocuments.renderer());
    }
}
