package io.tally.bootstrap;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing on, exported over OTLP/HTTP to a real receiver the test runs (it decodes the protobuf as a collector
 * would): a request continues the caller's trace, the store query is a child span of the request's span, stored
 * batches have their own spans, and the ids the response (and so the logs) carry are the span's.
 */
class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<Received> SPANS = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static Tally tally;

    /** One exported span, as the collector decoded it. */
    record Received(String service, String name, String traceId, String spanId, String parentSpanId, String kind,
                    Map<String, String> attributes) {
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try {
                receive(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException | Error e) {
                e.printStackTrace(); // a collector that cannot read the spans says why, or the test only sees none
                exchange.sendResponseHeaders(500, -1);
            }
            exchange.close();
        });
        collector.start();
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "ingest.max-delay-ms", "20", "store.path", dir.resolve("tally.duckdb").toString(),
                "auth.keys-required", "false", "tracing.enabled", "true", "tracing.service-name", "tally-under-test",
                "tracing.otlp-endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "tracing.batch-delay-millis", "100")));
    }

    private static void receive(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(a -> a.getValue().getStringValue())
                    .findFirst().orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> SPANS.add(new Received(service, span.getName(),
                        hex(span.getTraceId().toByteArray()), hex(span.getSpanId().toByteArray()),
                        hex(span.getParentSpanId().toByteArray()), span.getKind().name(),
                        span.getAttributesList().stream().collect(Collectors.toMap(
                                a -> a.getKey(), a -> a.getValue().toString().strip(), (x, y) -> x)))));
            }
        }
    }

    @AfterAll
    static void stop() {
        tally.close();
        collector.stop(0);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Received await(Predicate<Received> wanted) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (Received span : SPANS) {
                if (wanted.test(span)) {
                    return span;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such span within " + WAIT + "; received " + SPANS);
    }

    @Test
    void a_query_continues_the_callers_trace_and_its_store_call_is_a_child_span() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + tally.port() + "/v1/query"))
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metrics\":[\"events\",\"visitors\"],\"dimensions\":[\"event_type\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Received server = await(s -> s.traceId().equals(traceId) && s.kind().equals("SPAN_KIND_SERVER"));
        assertThat(server.parentSpanId()).isEqualTo(callerSpan);
        assertThat(server.service()).isEqualTo("tally-under-test");
        Received store = await(s -> s.traceId().equals(traceId) && s.name().equals("store.aggregate"));
        assertThat(store.parentSpanId()).isEqualTo(server.spanId());
        assertThat(store.attributes().get("db.system")).contains("duckdb");
        // the response (and every log line of the request) carries the server span's ids
        assertThat(response.headers().firstValue("traceparent")).contains("00-" + traceId + "-" + server.spanId() + "-01");
    }

    @Test
    void a_request_without_a_caller_trace_starts_one_that_the_response_names() throws Exception {
        // visitors are read from raw events (page views come from the rollup and session metrics from the sessions kept
        // per hour, neither of which has a store span)
        Http.Answer answer = new Http(tally.port()).post("/v1/query", "application/json", "{\"metrics\":[\"visitors\"]}");
        assertThat(answer.status()).isEqualTo(200);
        String traceId = answer.raw().headers().firstValue("traceparent").orElseThrow().split("-")[1];
        assertThat(await(s -> s.traceId().equals(traceId) && s.name().equals("store.aggregate"))).isNotNull();
        assertThat(await(s -> s.traceId().equals(traceId) && s.kind().equals("SPAN_KIND_SERVER")).parentSpanId()).isEmpty();
    }

    @Test
    void stored_batches_have_spans() throws Exception {
        String event = "{\"event_id\":\"t1\",\"user_id\":\"u\",\"session_id\":\"s\",\"event_type\":\"page_view\",\"timestamp\":\""
                + Instant.now() + "\",\"properties\":{}}";
        assertThat(new Http(tally.port()).post("/v1/events?wait=true", "application/x-ndjson", event).status()).isEqualTo(202);
        assertThat(await(s -> s.name().equals("store.append"))).isNotNull();
    }
}
