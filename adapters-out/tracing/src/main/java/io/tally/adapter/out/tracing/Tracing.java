package io.tally.adapter.out.tracing;

import io.helidon.tracing.Tracer;
import io.helidon.tracing.providers.opentelemetry.HelidonOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.EventStore;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tracing adapter's one public face. When tracing is on, an OpenTelemetry SDK exports spans over OTLP/HTTP in
 * batches; its {@link #tracer()} goes to Helidon's tracing observer (a span per request) and the Kafka consumer (a
 * span per batch), and the store ports get a span per call ({@link #analytics}, {@link #events}). When it is off,
 * nothing is wrapped and the consumer's tracer is a no-op.
 */
public final class Tracing implements AutoCloseable {

    /**
     * @param endpoint  the collector's OTLP/HTTP base URL ({@code http://otel-collector:4318}); spans go to {@code /v1/traces}
     * @param sampleRatio the share of new traces kept (a caller's sampled {@code traceparent} is always followed)
     * @param batchDelay  how long spans wait to be sent together
     */
    public record Settings(String serviceName, String endpoint, double sampleRatio, Duration batchDelay) {
    }

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk, Tracer tracer) {
        this.sdk = sdk;
        this.tracer = tracer;
    }

    /** Starts the SDK and makes it Helidon's global tracer. */
    public static Tracing start(Settings settings) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.endpoint().replaceAll("/+$", "") + "/v1/traces")
                .setTimeout(Duration.ofSeconds(10))
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), settings.serviceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(settings.batchDelay()).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Tracer tracer = HelidonOpenTelemetry.create(sdk, sdk.getTracer("io.tally"), Map.of());
        try {
            Tracer.global(tracer); // for Helidon's own use; Tally hands this tracer to what it wires instead
        } catch (IllegalArgumentException e) {
            // Helidon 4.1.2's provider sets it and then throws anyway; and a global read once stays as it was
            System.getLogger(Tracing.class.getName()).log(System.Logger.Level.DEBUG, "Helidon's global tracer: " + e.getMessage());
        }
        return new Tracing(sdk, tracer);
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The OpenTelemetry API, for code that needs it directly. */
    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** The engine with a span around every query. */
    public AnalyticsEngine analytics(AnalyticsEngine engine, String store) {
        return new TracedAnalytics(engine, tracer, store);
    }

    /** The store with a span around every write. */
    public EventStore events(EventStore store, String kind) {
        return new TracedEventStore(store, tracer, kind);
    }

    /** Sends the spans still waiting, then stops. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
        sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
    }
}
