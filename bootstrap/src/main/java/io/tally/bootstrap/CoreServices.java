package io.tally.bootstrap;

import io.tally.adapter.out.delivery.Deliveries;
import io.tally.adapter.out.enrichment.Enrichers;
import io.tally.adapter.out.files.StoreDeadLetterFile;
import io.tally.adapter.out.kafka.KafkaMessaging;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.ProjectDirectory;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.application.service.AccessService;
import io.tally.application.service.AlertBroadcast;
import io.tally.application.service.AlertEvaluator;
import io.tally.application.service.AlertService;
import io.tally.application.service.AnalyticsService;
import io.tally.application.service.BatchingWriter;
import io.tally.application.service.BroadcastingLiveFeed;
import io.tally.application.service.CachePolicy;
import io.tally.application.service.DashboardAnswers;
import io.tally.application.service.DashboardService;
import io.tally.application.service.DefinitionService;
import io.tally.application.service.EventEnricher;
import io.tally.application.service.FeedingEventStore;
import io.tally.application.service.IngestionService;
import io.tally.application.service.LiveHub;
import io.tally.application.service.Notifications;
import io.tally.application.service.QueryService;
import io.tally.application.service.QueuedLiveFeed;
import io.tally.application.service.RateLimitPolicy;
import io.tally.application.service.ReportRunner;
import io.tally.application.service.ScheduleService;
import io.tally.application.service.SetAsideEventsService;
import io.tally.application.service.VersionedEventStore;
import io.tally.application.service.WidgetAnswers;
import io.tally.domain.event.EventValidator;

import java.time.Clock;
import java.util.Optional;

/**
 * The application's services over the outbound adapters: ingestion and the event store's decorators, access,
 * queries, definitions, dashboards, alerts and report schedules, and the live views' hub. Nothing here takes requests
 * or runs on its own: {@link InboundAdapters} and {@link BackgroundWork} drive it.
 */
record CoreServices(Clock clock, OutboundAdapters out, LiveHub live, QueuedLiveFeed liveFeed, EventStore events,
                    BatchingWriter writer, EventValidator validator, EventEnricher enricher, ProjectDirectory projects,
                    IngestionService ingestion, AccessService access, QueryService queries, DefinitionService definitions,
                    CachePolicy cachePolicy, RateLimitPolicy rateLimits, AnalyticsService analytics, DashboardService dashboards,
                    DashboardAnswers dashboardAnswers, AlertService alerts, ScheduleService schedules,
                    AlertBroadcast alertBroadcast, AlertEvaluator evaluator, ReportRunner reportRunner,
                    SetAsideEventsService setAside) {

    static CoreServices start(TallyConfig config, OutboundAdapters out, Clock clock) {
        var stores = out.stores();
        var telemetry = out.telemetry();
        LiveHub live = new LiveHub(stores.archive(), clock);
        QueuedLiveFeed liveFeed = new QueuedLiveFeed(live, QueuedLiveFeed.WAITING_EVENTS); // live tallies off the writer's thread
        EventStore events = decorated(out, liveFeed, clock);
        StoreDeadLetters deadLetters = StoreDeadLetterFile.at(config.ingest().deadLetterFile());
        BatchingWriter writer = new BatchingWriter(events, config.ingest().writer(), telemetry, deadLetters, clock);
        EventEnricher enricher = new EventEnricher(Enrichers.userAgents(), Enrichers.geo(config.enrichment().geoIpDatabase()),
                config.enrichment().settings(), Optional.of(Enrichers.referrers()));
        EventValidator validator = new EventValidator(config.ingest().eventLimits());
        ProjectDirectory projects = config.projects().all()::contains;
        IngestionService ingestion = new IngestionService(validator, enricher, projects, writer,
                config.ingest().collecting() ? out.messaging().map(KafkaMessaging::publisher) : Optional.empty(), telemetry, clock);
        AccessService access = new AccessService(stores.definitions(), clock);
        QueryService queries = new QueryService(out.analytics(),
                config.rollup().enabled() ? Optional.of(stores.rollups()) : Optional.empty(), telemetry,
                config.analytics().engagementEvents());
        DefinitionService definitions = new DefinitionService(stores.definitions(), clock);
        CachePolicy cachePolicy = new CachePolicy(out.caches().cache(), config.cache().policy(), telemetry, clock);
        RateLimitPolicy rateLimits = new RateLimitPolicy(out.caches().limiter(), config.limits().defaults(),
                config.limits().projects(), telemetry);
        AnalyticsService analytics = new AnalyticsService(queries, definitions, cachePolicy, rateLimits, clock);
        DashboardService dashboards = new DashboardService(stores.definitions(), definitions, clock);
        DashboardAnswers dashboardAnswers = new DashboardAnswers(dashboards, new WidgetAnswers(analytics), out.pdf());
        AlertService alerts = new AlertService(stores.definitions(), definitions, clock);
        ScheduleService schedules = new ScheduleService(stores.definitions(), definitions, clock);
        Notifications notifications = new Notifications(Deliveries.sender(config.smtp().server(config.notifications().timeout()),
                config.notifications().timeout(), clock), telemetry, config.notifications().settings());
        AlertBroadcast alertBroadcast = new AlertBroadcast(out.caches().broadcast());
        AlertEvaluator evaluator = new AlertEvaluator(alerts, stores.definitions(), queries, definitions, notifications,
                alertBroadcast, telemetry, clock);
        ReportRunner reportRunner = new ReportRunner(schedules, stores.definitions(), dashboards, dashboardAnswers, out.pdf(),
                notifications, clock);
        schedules.runWith(reportRunner);
        return new CoreServices(clock, out, live, liveFeed, events, writer, validator, enricher, projects, ingestion, access,
                queries, definitions, cachePolicy, rateLimits, analytics, dashboards, dashboardAnswers, alerts, schedules, alertBroadcast,
                evaluator, reportRunner, new SetAsideEventsService(deadLetters));
    }

    /**
     * The event store every write goes through, outermost last: the store (traced when tracing is on), then
     * {@link VersionedEventStore} (a stored batch retires the project's cached answers), then {@link FeedingEventStore}
     * (the stored batch reaches the live views: this node's through the queued feed, other nodes' over the broadcast).
     */
    static EventStore decorated(OutboundAdapters out, QueuedLiveFeed liveFeed, Clock clock) {
        return new FeedingEventStore(new VersionedEventStore(out.events(), out.caches().cache(), clock),
                new BroadcastingLiveFeed(liveFeed, out.caches().broadcast()));
    }
}
