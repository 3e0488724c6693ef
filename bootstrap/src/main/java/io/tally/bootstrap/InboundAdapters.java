package io.tally.bootstrap;

import io.helidon.http.DirectHandler;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.tracing.Tracer;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.observe.tracing.TracingObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.tally.adapter.in.graphql.GraphQlApi;
import io.tally.adapter.in.graphql.GraphQlServices;
import io.tally.adapter.in.graphql.GraphQlSettings;
import io.tally.adapter.in.kafka.KafkaIngest;
import io.tally.adapter.in.rest.ReportingServices;
import io.tally.adapter.in.rest.RestApi;
import io.tally.adapter.in.rest.RestServices;
import io.tally.adapter.in.rest.RestSettings;
import io.tally.adapter.in.websocket.LiveApi;
import io.tally.adapter.in.websocket.LiveServices;
import io.tally.adapter.in.websocket.LiveSettings;
import io.tally.adapter.out.tracing.Tracing;
import io.tally.application.port.in.ReplayDeadLettersUseCase;
import io.tally.application.service.Callers;
import io.tally.application.service.ConsumptionService;
import io.tally.application.service.DeadLetterService;
import io.tally.application.service.EventExportService;
import io.tally.application.service.LiveConnectionPolicy;
import io.tally.application.service.ReportDocuments;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What takes requests and events into the core: the Kafka consumer (when this node consumes), and one web server with
 * the REST API, GraphQL, the WebSocket endpoints, health, metrics and OpenAPI. {@link #inFlight} lets a stopping node
 * refuse new requests and wait for those in flight; {@link #slowClients} closes clients that stall.
 */
record InboundAdapters(WebServer server, InFlightRequests inFlight, SlowClients slowClients,
                       Optional<AutoCloseable> consumer) {

    /** The HTTP routes of the GraphQL adapter, and the WebSocket endpoints (the OpenAPI document lists them too). */
    static final List<String> GRAPHQL_ROUTES = List.of("GET " + GraphQlApi.PATH, "POST " + GraphQlApi.PATH,
            "GET " + GraphQlApi.PATH + "/schema.graphql");
    static final List<String> WEB_SOCKET_PATHS = List.of(LiveApi.PATH, GraphQlApi.WS_PATH);

    /** What Helidon's observe and OpenAPI features serve (as Helidon 4.1.2 registers them), for 405s with Allow. */
    static final List<String> FEATURE_ROUTES = List.of("GET /openapi",
            "GET /observe/health", "HEAD /observe/health", "GET /observe/health/{check}", "HEAD /observe/health/{check}",
            "GET /observe/health/{check}/{name}", "HEAD /observe/health/{check}/{name}",
            "GET /observe/metrics", "OPTIONS /observe/metrics", "GET /observe/metrics/{scope}",
            "OPTIONS /observe/metrics/{scope}", "GET /observe/metrics/{scope}/{name}", "OPTIONS /observe/metrics/{scope}/{name}");

    static InboundAdapters start(TallyConfig config, CoreServices core, Logs logs) {
        Optional<AutoCloseable> consumer = config.kafka().consume() ? Optional.of(kafkaConsumer(config, core)) : Optional.empty();
        OutboundAdapters out = core.out();
        RestServices services = new RestServices(core.ingestion(), core.analytics(), core.definitions(),
                out.messaging().<ReplayDeadLettersUseCase>map(m -> new DeadLetterService(m.replay())),
                core.rateLimits(),
                core.access(), new EventExportService(out.stores().archive().orElseThrow()),
                new ReportingServices(new ReportDocuments(out.pdf()), core.dashboards(), core.dashboardAnswers(), core.alerts(), core.schedules()),
                core.setAside());
        String project = config.projects().defaultProject();
        boolean keysRequired = config.auth().keysRequired();
        RestSettings rest = new RestSettings(project, config.ingest().maxBodyBytes(), core.clock(), keysRequired);
        Callers callers = new Callers(core.access(), keysRequired, project);
        // one count of live connections for both WebSocket endpoints; unauthenticated ones held apart, per address
        LiveConnectionPolicy liveConnections = new LiveConnectionPolicy(config.live().connections());
        GraphQlServices graphQl = new GraphQlServices(services.analytics(), services.definitions(),
                services.limits(), callers, core.live(), core.dashboards(), core.dashboardAnswers(), liveConnections);
        GraphQlSettings graphQlSettings = new GraphQlSettings(config.graphql().maxDepth(), config.graphql().maxComplexity(),
                config.live().authTimeout(), core.clock());
        WsRouting.Builder sockets = WsRouting.builder();
        LiveApi liveApi = LiveApi.register(sockets, new LiveServices(core.live(), callers, services.definitions(), services.limits(),
                core.alertBroadcast(), liveConnections), new LiveSettings(config.live().heartbeat(), config.live().authTimeout(), core.clock()));
        out.telemetry().live(liveConnections::connections, liveApi::queued, liveApi::conflated);
        out.telemetry().liveMissed(core.liveFeed()::missedEvents);

        InFlightRequests inFlight = new InFlightRequests();
        SlowClients slowClients = new SlowClients(config.server().clientTimeouts());
        WebServer server = webServer(config.server(), observe(config, out), slowClients, sockets,
                routing -> routing(routing.addFilter(logs.requestFilter()).addFilter(inFlight), services, rest, graphQl,
                        graphQlSettings, sockets));
        return new InboundAdapters(server, inFlight, slowClients, consumer);
    }

    /** The HTTP routes, shared by production and tests. */
    static void routing(HttpRouting.Builder routing, RestServices services, RestSettings rest, GraphQlServices graphQl,
                        GraphQlSettings graphQlSettings, WsRouting.Builder sockets) {
        // first: a request no route takes is 404/405/426 whatever its key
        RestApi.registerUnrouted(routing, GRAPHQL_ROUTES, WEB_SOCKET_PATHS, FEATURE_ROUTES);
        RestApi.register(routing, services, rest);
        GraphQlApi.register(routing, sockets, graphQl, graphQlSettings);
    }

    /** Consumes the topic into the store (through the decorated event store, as HTTP ingest writes). */
    private static AutoCloseable kafkaConsumer(TallyConfig config, CoreServices core) {
        OutboundAdapters out = core.out();
        TallyConfig.Kafka kafka = config.kafka();
        return KafkaIngest.start(
                new KafkaIngest.Settings(kafka.messaging().bootstrapServers(), kafka.messaging().topic(), kafka.groupId(),
                        config.projects().defaultProject(), kafka.maxBatch(), Duration.ofSeconds(10), out.telemetry()::consumerLag,
                        out.tracing().map(Tracing::tracer).orElseGet(Tracer::noOp)),
                new ConsumptionService(core.validator(), core.enricher(), core.projects(), core.events(),
                        out.messaging().orElseThrow().deadLetters(), out.telemetry(), core.clock(),
                        config.ingest().writer().failuresBeforeSplit()));
    }

    /** Health (readiness needs the store; Kafka and Redis degrade), metrics, and spans of requests when tracing is on. */
    private static ObserveFeature observe(TallyConfig config, OutboundAdapters out) {
        Dependencies dependencies = new Dependencies().add("store", out.stores().answers(), "");
        out.messaging().ifPresent(m -> dependencies.add("kafka", m::answers, config.ingest().collecting()
                ? "events are refused with 503 until Kafka answers; queries are answered"
                : "consumption waits; queries are answered"));
        out.caches().redis().ifPresent(redis -> dependencies.add("redis", redis.answers(), redis.effect()));
        dependencies.report(out.telemetry());
        var observers = ObserveFeature.builder();
        out.tracing().ifPresent(t -> observers.addObserver(TracingObserver.create(t.tracer())));
        return observers
                .addObserver(dependencies.observer())
                .addObserver(MetricsObserver.create())
                .build();
    }

    private static WebServer webServer(TallyConfig.Server settings, ObserveFeature observe, SlowClients slowClients,
                                       WsRouting.Builder sockets, Consumer<HttpRouting.Builder> routes) {
        WsConfig webSockets = WsConfig.create();
        return WebServer.builder()
                .port(settings.port())
                .host(settings.host())
                .maxPayloadSize(settings.maxPayloadSize())
                .contentEncoding(RestApi.contentEncodings()) // gzip request bodies are read by the routes, with their limits
                .shutdownHook(false) // stop() stops it, in order: its own hook would race it and close under requests
                .maxTcpConnections(ConnectionCap.effective(settings.maxConnections()))
                // one HTTP/1.1 selector, watched: it gets each accepted socket at once (discovered ones read first)
                .protocolsDiscoverServices(false)
                .addProtocol(webSockets)
                .addConnectionSelector(WatchedHttp1.create(WebServer.DEFAULT_SOCKET_NAME, slowClients, webSockets,
                        RestApi.requestHeaderChecks()))
                .directHandlers(handlers -> {
                    // Helidon's own refusals before routing are problems too
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, RestApi.transportProblems());
                    }
                    handlers.addHandler(DirectHandler.EventType.INTERNAL_ERROR, new AbortedRequests(RestApi.transportProblems()));
                })
                .addFeature(observe)
                .addFeature(OpenApiFeature.create()) // serves META-INF/openapi.yaml (the REST adapter's) at /openapi
                .routing(routes)
                .addRouting(sockets)
                .build()
                .start();
    }
}
