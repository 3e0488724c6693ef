package io.tally.bootstrap;

import io.helidon.webserver.observe.tracing.TracingObserver;
import io.tally.adapter.out.tracing.Tracing;
import io.tally.application.port.out.AnalyticsEngine;

import io.tally.adapter.in.rest.ReportingServices;
import io.tally.adapter.out.delivery.Deliveries;
import io.tally.adapter.out.documents.PdfDocuments;
import io.tally.application.port.out.PdfRenderer;
import io.tally.application.service.BroadcastingLiveFeed;
import io.tally.application.service.AlertBroadcast;
import io.tally.application.service.AlertEvaluator;
import io.tally.application.service.AlertService;
import io.tally.application.service.DashboardAnswers;
import io.tally.application.service.DashboardService;
import io.tally.application.service.Notifications;
import io.tally.application.service.PeriodicTasks;
import io.tally.application.service.ReportDocuments;
import io.tally.application.service.ReportRunner;
import io.tally.application.service.ScheduleService;
import io.tally.application.service.WidgetAnswers;

import io.helidon.http.DirectHandler;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.tally.adapter.in.graphql.GraphQlApi;
import io.tally.adapter.in.graphql.GraphQlServices;
import io.tally.adapter.in.graphql.GraphQlSettings;
import io.tally.adapter.in.rest.RestApi;
import io.tally.adapter.in.websocket.LiveApi;
import io.tally.adapter.in.websocket.LiveServices;
import io.tally.adapter.in.websocket.LiveSettings;
import io.tally.adapter.in.rest.RestServices;
import io.tally.adapter.in.rest.RestSettings;
import io.tally.adapter.out.metrics.HelidonTelemetry;
import io.tally.application.service.BatchingWriter;
import io.tally.application.service.IngestionService;
import io.tally.adapter.in.kafka.KafkaIngest;
import io.tally.adapter.out.enrichment.Enrichers;
import io.tally.adapter.out.kafka.KafkaMessaging;
import io.tally.application.port.out.ProjectDirectory;
import io.tally.application.port.in.ReplayDeadLettersUseCase;
import io.tally.application.port.out.EventStore;
import io.tally.application.service.AccessService;
import io.tally.application.service.AnalyticsService;
import io.tally.application.service.CachePolicy;
import io.tally.domain.access.ApiKey;
import io.tally.application.service.RateLimitPolicy;
import io.tally.application.service.ConsumptionService;
import io.tally.application.service.VersionedEventStore;
import io.tally.application.service.Callers;
import io.tally.application.service.FeedingEventStore;
import io.tally.application.service.LiveHub;
import io.tally.application.service.LiveConnectionPolicy;
import io.tally.application.service.QueuedLiveFeed;
import io.tally.application.service.EventExportService;
import io.tally.application.service.DeadLetterService;
import io.tally.application.service.DefinitionService;
import io.tally.application.service.EventEnricher;
import io.tally.application.service.QueryService;
import io.tally.domain.event.EventValidator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Tally: the one place that knows every module and wires the adapters chosen by configuration
 * to the core with plain constructors. Tests start it exactly as {@link Main} does.
 */
public final class Tally implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Tally.class.getName());

    private final TallyConfig config;
    private final Stores stores;
    private final BatchingWriter writer;
    private final Optional<RollupRefresher> refresher;
    private final Optional<AutoCloseable> consumer;
    private final Optional<KafkaMessaging> messaging;
    private final QueryCaches caches;
    private final Map<String, String> firstAdminKeys;
    private final WebServer server;
    private final InFlightRequests inFlight;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final LiveHub live;
    private final List<AutoCloseable> background;

    private Tally(TallyConfig config, Stores stores, BatchingWriter writer, Optional<RollupRefresher> refresher,
                  WebServer server, Optional<AutoCloseable> consumer, Optional<KafkaMessaging> messaging, QueryCaches caches,
                  Map<String, String> firstAdminKeys, LiveHub live, List<AutoCloseable> background, InFlightRequests inFlight) {
        this.live = live;
        this.inFlight = inFlight;
        this.background = background;
        this.firstAdminKeys = Map.copyOf(firstAdminKeys);
        this.caches = caches;
        this.consumer = consumer;
        this.messaging = messaging;
        this.config = config;
        this.stores = stores;
        this.writer = writer;
        this.refresher = refresher;
        this.server = server;
    }

    /**
     * Starts a node from settings given as configuration keys ({@code server.port}, {@code store.path}, …) over
     * {@code application.yaml}, as the benchmarks in {@code ops/bench} do.
     */
    public static Tally start(Map<String, String> settings) {
        return start(TallyConfig.withOverrides(settings));
    }

    /** Opens the store, starts the writer and the web server. */
    static Tally start(TallyConfig config) {
        boolean jsonLogs = config.logFormat().equals("json");
        MaskingFormatter.install(jsonLogs); // both formats mask keys and addresses
        Clock clock = Clock.systemUTC();
        Stores stores = Stores.open(config, clock);
        HelidonTelemetry telemetry = HelidonTelemetry.global();
        AutoCloseable virtualThreadMeters = telemetry.virtualThreads(); // exported before the first request is served
        QueryCaches caches = QueryCaches.open(config, telemetry);
        telemetry.cacheEvictions(caches.cache()::evictions);
        LiveHub live = new LiveHub(stores.archive(), clock);
        QueuedLiveFeed liveFeed = new QueuedLiveFeed(live, QueuedLiveFeed.WAITING_EVENTS); // live tallies off the writer's thread
        // tracing: off unless tracing.enabled; then a span per request, per store call and per Kafka batch, over OTLP
        Optional<Tracing> tracing = config.tracing().map(Tracing::start);
        EventStore stored = tracing.map(t -> t.events(stores.events(), stores.kind())).orElse(stores.events());
        AnalyticsEngine analytics = tracing.map(t -> t.analytics(stores.analytics(), stores.kind())).orElse(stores.analytics());
        EventStore events = new FeedingEventStore(new VersionedEventStore(stored, caches.cache(), clock),
                new BroadcastingLiveFeed(liveFeed, caches.broadcast()));
        BatchingWriter writer = new BatchingWriter(events, config.writer(), telemetry);
        EventEnricher enricher = new EventEnricher(Enrichers.userAgents(), Enrichers.geo(config.geoIpDatabase()),
                config.enrichment());
        boolean kafkaMode = config.ingestMode().equals("kafka");
        if (!kafkaMode && !config.ingestMode().equals("direct")) {
            throw new IllegalArgumentException("ingest.mode must be direct or kafka, not " + config.ingestMode());
        }
        Optional<KafkaMessaging> messaging = kafkaMode || config.kafkaConsume()
                ? Optional.of(KafkaMessaging.connect(new KafkaMessaging.Settings(config.kafkaServers(), config.kafkaTopic(),
                        config.kafkaDeadLetterTopic(), config.kafkaDeliveryTimeout())))
                : Optional.empty();
        EventValidator validator = new EventValidator(config.eventLimits());
        ProjectDirectory projects = config.projects()::contains;
        IngestionService ingestion = new IngestionService(validator, enricher, projects, writer,
                kafkaMode ? messaging.map(KafkaMessaging::publisher) : Optional.empty(), telemetry, clock);
        Optional<AutoCloseable> consumer = config.kafkaConsume() ? Optional.of(KafkaIngest.start(
                new KafkaIngest.Settings(config.kafkaServers(), config.kafkaTopic(), config.kafkaGroup(), config.project(),
                        config.kafkaMaxBatch(), Duration.ofSeconds(10), telemetry::consumerLag,
                        tracing.map(Tracing::tracer).orElseGet(io.helidon.tracing.Tracer::noOp)),
                new ConsumptionService(validator, enricher, projects, events, messaging.orElseThrow().deadLetters(),
                        telemetry, clock))) : Optional.empty();
        AccessService access = new AccessService(stores.definitions(), clock);
        Map<String, String> firstAdminKeys = new LinkedHashMap<>();
        for (String project : config.projects()) {
            // shown once, at the project's first start: only its hash is kept
            access.firstAdminKey(project).map(ApiKey.Issued::text).ifPresent(key -> {
                firstAdminKeys.put(project, key);
                System.out.println("Tally: the admin key of project \"" + project + "\" (shown this once; keep it): " + key);
            });
        }
        QueryService queries = new QueryService(analytics,
                config.rollupEnabled() ? Optional.of(stores.rollups()) : Optional.empty(), telemetry);
        DefinitionService definitions = new DefinitionService(stores.definitions(), clock);
        CachePolicy cachePolicy = new CachePolicy(caches.cache(), config.cachePolicy(), telemetry, clock);
        PdfRenderer pdf = PdfDocuments.renderer();
        DashboardService dashboards = new DashboardService(stores.definitions(), definitions, clock);
        RateLimitPolicy rateLimits = new RateLimitPolicy(caches.limiter(), config.defaultLimits(), config.projectLimits(), telemetry);
        AnalyticsService analyticsAnswers = new AnalyticsService(queries, definitions, cachePolicy, rateLimits, clock);
        DashboardAnswers dashboardAnswers = new DashboardAnswers(dashboards, new WidgetAnswers(analyticsAnswers), pdf);
        AlertService alerts = new AlertService(stores.definitions(), definitions, clock);
        ScheduleService schedules = new ScheduleService(stores.definitions(), definitions, clock);
        Notifications notifications = new Notifications(Deliveries.sender(config.smtp(), config.notifyTimeout(), clock),
                telemetry, config.notifySettings());
        AlertBroadcast alertBroadcast = new AlertBroadcast(caches.broadcast());
        AlertEvaluator evaluator = new AlertEvaluator(alerts, stores.definitions(), queries, definitions, notifications,
                alertBroadcast, telemetry, clock);
        ReportRunner reportRunner = new ReportRunner(schedules, stores.definitions(), dashboards, dashboardAnswers, pdf,
                notifications, clock);
        schedules.runWith(reportRunner);
        RestServices services = new RestServices(ingestion, analyticsAnswers, definitions,
                messaging.<ReplayDeadLettersUseCase>map(m -> new DeadLetterService(m.replay())),
                rateLimits,
                access, new EventExportService(stores.archive().orElseThrow()),
                new ReportingServices(new ReportDocuments(pdf), dashboards, dashboardAnswers, alerts, schedules));
        Dependencies dependencies = new Dependencies().add("store", stores.answers(), "");
        messaging.ifPresent(m -> dependencies.add("kafka", m::answers, kafkaMode
                ? "events are refused with 503 until Kafka answers; queries are answered"
                : "consumption waits; queries are answered"));
        caches.redis().ifPresent(redis -> dependencies.add("redis", redis.answers(), redis.effect()));
        dependencies.report(telemetry);
        var observers = ObserveFeature.builder();
        tracing.ifPresent(t -> observers.addObserver(TracingObserver.create(t.tracer())));
        ObserveFeature observe = observers
                .addObserver(dependencies.observer())
                .addObserver(MetricsObserver.create())
                .build();
        RestSettings rest = new RestSettings(config.project(), config.maxBodyBytes(), clock, config.keysRequired());
        Callers callers = new Callers(access, config.keysRequired(), config.project());
        // one count of live connections for both WebSocket endpoints; unauthenticated ones held apart, per address
        LiveConnectionPolicy liveConnections = new LiveConnectionPolicy(new LiveConnectionPolicy.Settings(
                config.liveMaxConnections(), config.liveMaxUnauthenticatedPerAddress()));
        GraphQlServices graphQl = new GraphQlServices(services.analytics(), services.definitions(),
                services.limits(), callers, live, dashboards, dashboardAnswers, liveConnections);
        GraphQlSettings graphQlSettings = new GraphQlSettings(config.graphQlMaxDepth(), config.graphQlMaxComplexity(),
                config.liveAuthTimeout(), clock);
        WsRouting.Builder sockets = WsRouting.builder();
        LiveApi liveApi = LiveApi.register(sockets, new LiveServices(live, callers, services.definitions(), services.limits(),
                        alertBroadcast, liveConnections), new LiveSettings(config.liveHeartbeat(), config.liveAuthTimeout(), clock));
        telemetry.live(liveConnections::connections, liveApi::queued, liveApi::conflated);
        telemetry.liveMissed(liveFeed::missedEvents);

        InFlightRequests inFlight = new InFlightRequests();
        SlowClients slowClients = new SlowClients(config.clientTimeouts());
        WsConfig webSockets = WsConfig.create();
        WebServer server = WebServer.builder()
                .config(config.server())
                .contentEncoding(RestApi.contentEncodings()) // gzip request bodies are read by the routes, with their limits
                .shutdownHook(false) // stop() stops it, in order: its own hook would race it and close under requests
                .maxTcpConnections(ConnectionCap.effective(config.maxConnections()))
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
                .routing(routing -> routing(routing.addFilter(new RequestLogFilter(jsonLogs)).addFilter(inFlight), services,
                        rest, graphQl, graphQlSettings, sockets))
                .addRouting(sockets)
                .build()
                .start();
        LOG.log(System.Logger.Level.INFO, "Tally serves on port {0} with {1} at {2}",
                String.valueOf(server.port()), stores.kind(), stores.location());
        Optional<RollupRefresher> refresher = config.rollupEnabled()
                ? Optional.of(new RollupRefresher(stores.rollups(), config.rollupRefresh())) : Optional.empty();
        // one scheduler thread: alert rules and report schedules that are due (alerts.enabled: false on all nodes but one)
        List<AutoCloseable> background = new java.util.ArrayList<>();
        if (config.alertsEnabled()) {
            background.add(new PeriodicTasks("tally-scheduler", config.schedulerTick(),
                    List.of(evaluator::evaluateDue, reportRunner::runDue)));
        }
        // deletes what the retention no longer keeps (DuckDB; ClickHouse's TTL does it there)
        background.add(new RetentionJob(stores.expiry(), config.retention(), clock));
        background.add(evaluator);
        background.add(reportRunner);
        background.add(virtualThreadMeters);
        background.add(slowClients);
        background.add(liveFeed);
        tracing.ifPresent(background::add); // last: sends the spans still waiting
        return new Tally(config, stores, writer, refresher, server, consumer, messaging, caches, firstAdminKeys, live,
                background, inFlight);
    }

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

    /** The HTTP routes, shared by production and tests. */
    static void routing(HttpRouting.Builder routing, RestServices services, RestSettings rest, GraphQlServices graphQl,
                        GraphQlSettings graphQlSettings, WsRouting.Builder sockets) {
        // first: a request no route takes is 404/405/426 whatever its key
        RestApi.registerUnrouted(routing, GRAPHQL_ROUTES, WEB_SOCKET_PATHS, FEATURE_ROUTES);
        RestApi.register(routing, services, rest);
        GraphQlApi.register(routing, sockets, graphQl, graphQlSettings);
    }

    /** The admin key made at this start, when this was the project's first start. */
    Optional<String> firstAdminKey() {
        return Optional.ofNullable(firstAdminKeys.get(config.project()));
    }

    /** The admin keys made at this start, by project. */
    Map<String, String> firstAdminKeys() {
        return firstAdminKeys;
    }

    public int port() {
        return server.port();
    }

    /**
     * Stops taking requests (new ones get 503 with Retry-After), writes every accepted event, lets the requests in
     * flight finish (up to {@code server.shutdown-grace-seconds}), then stops the web server and closes the store.
     * Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        inFlight.stopTaking();
        // first, so that a ?wait=true request in flight is answered once its events are stored
        boolean drained = writer.close(config.shutdownTimeout());
        if (!drained) {
            LOG.log(System.Logger.Level.ERROR, "{0} accepted events could not be written before shutdown",
                    writer.queued());
        }
        if (!inFlight.awaitNone(config.shutdownGrace())) {
            // what they still ask of the store fails once it is closed below: 503 with Retry-After
            LOG.log(System.Logger.Level.WARNING, "requests still in flight after {0} s are cut short",
                    config.shutdownGrace().toSeconds());
        }
        server.stop();
        live.close();
        for (AutoCloseable task : background) {
            try {
                task.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping a background task failed", e);
            }
        }
        consumer.ifPresent(c -> {
            try {
                c.close(); // an unstored batch stays uncommitted and is read again
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the Kafka consumer failed", e);
            }
        });
        messaging.ifPresent(KafkaMessaging::close);
        caches.close();
        refresher.ifPresent(RollupRefresher::close);
        stores.close();
        LOG.log(System.Logger.Level.INFO, "Tally stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
