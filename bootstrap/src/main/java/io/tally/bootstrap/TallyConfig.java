package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseServer;
import io.tally.adapter.out.delivery.Deliveries;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.kafka.KafkaMessaging;
import io.tally.adapter.out.tracing.Tracing;
import io.tally.application.service.CachePolicy;
import io.tally.application.service.EventEnricher;
import io.tally.application.service.LiveConnectionPolicy;
import io.tally.application.service.Notifications;
import io.tally.application.service.RateLimitPolicy;
import io.tally.application.service.WriterSettings;
import io.tally.domain.event.EventLimits;
import io.tally.domain.event.EventTypes;
import io.tally.domain.query.Metric;
import io.tally.domain.time.Retention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Tally's settings, one record per section of {@code application.yaml}. The yaml holds every default; overrides,
 * {@code TALLY_*} environment variables and system properties replace them (see {@link ConfigLayers}). Reading is
 * strict: an unknown key or a value a key cannot take refuses the start, naming the key.
 */
record TallyConfig(Server server, Projects projects, Store store, Ingest ingest, Enrichment enrichment, Rollup rollup,
                   Analytics analytics, Kafka kafka, Cache cache, Limits limits, Live live, Auth auth, GraphQl graphql, Alerts alerts,
                   Notify notifications, Smtp smtp, Traces tracing, Log log) {

    /** Configuration from the environment's {@code TALLY_*} variables, system properties and {@code application.yaml}. */
    static TallyConfig load(Map<String, String> environment) {
        return read(Map.of(), environment);
    }

    /** Configuration with explicit overrides (tests, benchmarks) over system properties and the yaml. */
    static TallyConfig withOverrides(Map<String, String> overrides) {
        return read(overrides, Map.of());
    }

    /** {@code overrides} over the environment over system properties over the yaml; refused when anything is unknown. */
    static TallyConfig read(Map<String, String> overrides, Map<String, String> environment) {
        return read(overrides, environment, System.getProperties());
    }

    /** As above, with the system properties given. */
    static TallyConfig read(Map<String, String> overrides, Map<String, String> environment, Properties properties) {
        ConfigReader reader = ConfigReader.over(ConfigLayers.of(overrides, environment, properties));
        TallyConfig config = read(reader);
        reader.refuseUnknown();
        return config;
    }

    /** Every key the configuration reads. */
    static Set<String> keys() {
        ConfigReader reader = ConfigReader.over(ConfigLayers.of(Map.of(), Map.of(), new Properties()));
        read(reader);
        return reader.known();
    }

    private static TallyConfig read(ConfigReader in) {
        Ingest ingest = Ingest.read(in.section("ingest"));
        return new TallyConfig(Server.read(in.section("server")), Projects.read(in), Store.read(in.section("store"), ingest),
                ingest, Enrichment.read(in.section("enrichment")), Rollup.read(in.section("rollup")), Analytics.read(in.section("analytics")),
                Kafka.read(in.section("kafka"), ingest.mode()), Cache.read(in.section("cache")),
                Limits.read(in.section("limits")), Live.read(in.section("live")), Auth.read(in.section("auth")),
                GraphQl.read(in.section("graphql")), Alerts.read(in.section("alerts")), Notify.read(in.section("notify")),
                Smtp.read(in.section("smtp")), Traces.read(in.section("tracing")), Log.read(in.section("log")));
    }

    /** {@code server.*}: the listener, how long a stopping node waits, and how slow a client may be. */
    record Server(int port, String host, long maxPayloadSize, Duration shutdownGrace, int maxConnections,
                  SlowClients.Timeouts clientTimeouts) {
        static Server read(ConfigReader in) {
            return new Server(in.whole("port"), in.text("host"), in.wholeLong("max-payload-size"),
                    in.seconds("shutdown-grace-seconds"), in.positive("max-connections"),
                    new SlowClients.Timeouts(in.fractionalSeconds("idle-timeout-seconds"),
                            in.fractionalSeconds("header-timeout-seconds"), in.fractionalSeconds("body-timeout-seconds")));
        }
    }

    /** {@code project} (of events that name none when keys are off) and every project this server keeps. */
    record Projects(String defaultProject, Set<String> all) {
        static Projects read(ConfigReader in) {
            String project = in.text("project");
            Set<String> all = new LinkedHashSet<>();
            all.add(project);
            for (String name : in.text("projects").split(",")) {
                if (!name.isBlank()) {
                    all.add(name.strip());
                }
            }
            return new Projects(project, Collections.unmodifiableSet(all));
        }
    }

    /** {@code store.*}: which store, and where; DuckDB's re-send window is {@code ingest.dedup-recent}. */
    record Store(Kind kind, DuckDbConfig duckDb, ClickHouse clickhouse) {

        enum Kind { DUCKDB, CLICKHOUSE, CLICKHOUSE_EMBEDDED }

        static Store read(ConfigReader in, Ingest ingest) {
            return new Store(in.kind("kind", Kind.class), new DuckDbConfig(in.path("path"), in.whole("threads"),
                    in.text("memory-limit"), ingest.dedupRecent(), in.text("checkpoint-threshold")),
                    ClickHouse.read(in.section("clickhouse")));
        }
    }

    /** {@code store.clickhouse.*}: the embedded engine's library and folder, or the server and who to be there. */
    record ClickHouse(Optional<Path> library, Path path, Optional<String> url, String database, String user,
                      String password, boolean compress) {

        static ClickHouse read(ConfigReader in) {
            return new ClickHouse(in.pathOrNone("library"), in.path("path"), in.textOrNone("url"), in.text("database"),
                    in.text("user"), in.text("password"), in.flag("compress"));
        }

        /** libchdb.so for {@code clickhouse-embedded}: as configured, else where ops/clickhouse/fetch-chdb.sh caches it. */
        Path chdbLibrary() {
            return library.orElseGet(() -> Path.of(System.getenv().getOrDefault("TALLY_CACHE",
                    System.getProperty("user.home") + "/.cache/tally"), "chdb", "26.5.3", "libchdb.so"));
        }

        /** The server of {@code store.kind: clickhouse}. */
        ClickHouseServer server() {
            return server(url.orElseThrow(() -> new IllegalArgumentException("store.kind clickhouse needs "
                    + "store.clickhouse.url (TALLY_STORE_CLICKHOUSE_URL), such as http://clickhouse:8123")), database);
        }

        /** A server at {@code url} with this configuration's user, password and compression. */
        ClickHouseServer server(String url, String database) {
            return new ClickHouseServer(url, database, user, password, compress);
        }
    }

    /**
     * {@code ingest.*}: how events come in, how they are batched, how long they are kept, where the events the store
     * refused for good go, and among how many of the latest stored events DuckDB looks for a re-send whose time changed.
     *
     * @param deadLetterFile where the writer keeps accepted events the store refused for good (NDJSON)
     */
    record Ingest(Mode mode, long maxBodyBytes, WriterSettings writer, Retention retention, Duration shutdownTimeout,
                  Path deadLetterFile, long dedupRecent) {

        /** {@code direct}: HTTP ingest writes to the store; {@code kafka}: it produces to Kafka (collector mode). */
        enum Mode { DIRECT, KAFKA }

        static Ingest read(ConfigReader in) {
            return new Ingest(in.kind("mode", Mode.class), in.wholeLong("max-body-bytes"),
                    new WriterSettings(in.whole("queue-capacity"), in.whole("batch-size"), in.millis("max-delay-ms"),
                            WriterSettings.DEFAULT.retryBackoff(), in.positive("failures-before-split"),
                            in.fractionalSeconds("wait-timeout-seconds")),
                    in.checked("retention-days", "whole days from 1 to " + Retention.MAX_DAYS,
                            days -> new Retention(Integer.parseInt(days))),
                    in.seconds("shutdown-timeout-seconds"), in.path("dead-letter-file"),
                    in.checked("dedup-recent", "a whole number of events, 0 or more", Ingest::noneOrMore));
        }

        private static long noneOrMore(String events) {
            long n = Long.parseLong(events);
            if (n < 0) {
                throw new IllegalArgumentException("negative");
            }
            return n;
        }

        /** Whether HTTP ingest produces to Kafka (collector mode) rather than writing to the store. */
        boolean collecting() {
            return mode == Mode.KAFKA;
        }

        EventLimits eventLimits() {
            return EventLimits.DEFAULT.withRetention(retention);
        }
    }

    /** {@code enrichment.*}: the GeoIP database (none is shipped) and what is kept of bots and addresses. */
    record Enrichment(Optional<Path> geoIpDatabase, EventEnricher.Settings settings) {
        static Enrichment read(ConfigReader in) {
            return new Enrichment(in.pathOrNone("geoip-database"),
                    new EventEnricher.Settings(in.flag("keep-bots"), in.flag("keep-ip")));
        }
    }

    /** {@code rollup.*}: whether reports read hourly rollups, and how often new events are folded in. */
    record Rollup(boolean enabled, Duration refresh) {
        static Rollup read(ConfigReader in) {
            return new Rollup(in.flag("enabled"), in.seconds("refresh-seconds"));
        }
    }

    /**
     * {@code analytics.*}: the event types that count as events but in no visitor or session fact (comma-separated),
     * such as the {@code engagement} or {@code heartbeat} events a page sends while open. Never page views or
     * conversions, whose own metrics are visitor and session facts.
     */
    record Analytics(Set<String> engagementEvents) {
        static Analytics read(ConfigReader in) {
            return new Analytics(in.checked("engagement-events", "event types, comma-separated (not page_view or conversion)",
                    Analytics::types));
        }

        private static Set<String> types(String text) {
            Set<String> types = new LinkedHashSet<>();
            for (String name : text.split(",")) {
                String type = name.strip();
                if (type.isEmpty()) {
                    continue;
                }
                if (EventTypes.check("type", type).isPresent() || type.equals(Metric.PAGE_VIEW_EVENT)
                        || type.equals(Metric.CONVERSION_EVENT)) {
                    throw new IllegalArgumentException("not an engagement event type: " + type);
                }
                types.add(type);
            }
            return Collections.unmodifiableSet(types);
        }
    }

    /** {@code kafka.*}: the cluster, the topics, and whether this node consumes (by default: in kafka mode). */
    record Kafka(KafkaMessaging.Settings messaging, String groupId, boolean consume, int maxBatch) {
        static Kafka read(ConfigReader in, Ingest.Mode mode) {
            return new Kafka(new KafkaMessaging.Settings(in.text("bootstrap-servers"), in.text("topic"),
                    in.text("dead-letter-topic"), in.millis("delivery-timeout-ms")), in.text("group-id"),
                    in.optionalFlag("consume").orElse(mode == Ingest.Mode.KAFKA), in.whole("max-batch"));
        }
    }

    /** {@code cache.*}: which query cache, Redis's address (for limits and the broadcast too), sizes and freshness. */
    record Cache(Kind kind, String redisAddress, long maxBytes, CachePolicy.Settings policy) {

        /** {@code local}: Caffeine in this process; {@code redis}: shared by every node; {@code none}. */
        enum Kind { LOCAL, REDIS, NONE }

        static Cache read(ConfigReader in) {
            return new Cache(in.kind("kind", Kind.class), in.section("redis").text("address"), in.wholeLong("max-bytes"),
                    new CachePolicy.Settings(in.seconds("recent-ttl-seconds"), in.seconds("past-ttl-seconds"),
                            in.flag("serve-stale")));
        }
    }

    /** {@code limits.*}: which rate limiter, the limits of every project, and of projects with their own. */
    record Limits(Kind kind, RateLimitPolicy.Limits defaults, Map<String, RateLimitPolicy.Limits> projects) {

        /** {@code local}: token buckets in this process; {@code redis}: shared by every node; {@code none}. */
        enum Kind { LOCAL, REDIS, NONE }

        static Limits read(ConfigReader in) {
            RateLimitPolicy.Limits defaults = new RateLimitPolicy.Limits(in.wholeLong("ingest-events-per-second"),
                    in.wholeLong("queries-per-minute"));
            Map<String, RateLimitPolicy.Limits> projects = new LinkedHashMap<>();
            ConfigReader own = in.section("projects");
            for (String project : in.names("projects")) {
                ConfigReader limits = own.section(project);
                projects.put(project, new RateLimitPolicy.Limits(
                        limits.optionalWholeLong("ingest-events-per-second").orElse(defaults.ingestPerSecond()),
                        limits.optionalWholeLong("queries-per-minute").orElse(defaults.queriesPerMinute())));
            }
            return new Limits(in.kind("kind", Kind.class), defaults, projects);
        }
    }

    /** {@code live.*}: how live views hear of other nodes, and the WebSocket connections one node holds. */
    record Live(Broadcast broadcast, LiveConnectionPolicy.Settings connections, Duration heartbeat, Duration authTimeout) {

        /** {@code local}: live views see this node's events; {@code redis}: every node's, over Redis pub/sub. */
        enum Broadcast { LOCAL, REDIS }

        static Live read(ConfigReader in) {
            return new Live(in.kind("broadcast", Broadcast.class), new LiveConnectionPolicy.Settings(
                    in.positive("max-connections"), in.positive("max-unauthenticated-per-address")),
                    in.seconds("heartbeat-seconds"), in.seconds("auth-timeout-seconds"));
        }
    }

    /** {@code auth.keys-required}: every API request needs a key (off only for trusted local use and tests). */
    record Auth(boolean keysRequired) {
        static Auth read(ConfigReader in) {
            return new Auth(in.flag("keys-required"));
        }
    }

    /** {@code graphql.*}: the deepest selection and the most fields one operation may ask for. */
    record GraphQl(int maxDepth, int maxComplexity) {
        static GraphQl read(ConfigReader in) {
            return new GraphQl(in.whole("max-depth"), in.whole("max-complexity"));
        }
    }

    /** {@code alerts.*}: whether this node evaluates alerts and runs report schedules, and how often it looks. */
    record Alerts(boolean enabled, Duration tick) {
        static Alerts read(ConfigReader in) {
            return new Alerts(in.flag("enabled"), in.millis("tick-millis"));
        }
    }

    /** {@code notify.*}: how hard a webhook or mail delivery is tried, and how long one try may take. */
    record Notify(Notifications.Settings settings, Duration timeout) {
        static Notify read(ConfigReader in) {
            return new Notify(new Notifications.Settings(in.positive("attempts"), in.millis("backoff-millis")),
                    in.seconds("timeout-seconds"));
        }
    }

    /** {@code smtp.*}: the mail server of e-mail deliveries; none without {@code smtp.host}. */
    record Smtp(Optional<String> host, int port, String from, String username, String password, boolean startTls) {
        static Smtp read(ConfigReader in) {
            return new Smtp(in.textOrNone("host"), in.whole("port"), in.text("from"), in.text("username"),
                    in.text("password"), in.flag("starttls"));
        }

        Optional<Deliveries.Smtp> server(Duration timeout) {
            return host.map(h -> new Deliveries.Smtp(h, port, from, username, password, startTls, timeout));
        }
    }

    /** {@code tracing.*}: OpenTelemetry spans over OTLP/HTTP, off unless enabled. */
    record Traces(boolean enabled, Optional<String> otlpEndpoint, String serviceName, double sampleRatio,
                  Duration batchDelay) {

        static Traces read(ConfigReader in) {
            return new Traces(in.flag("enabled"), in.textOrNone("otlp-endpoint"), in.text("service-name"),
                    in.decimal("sample-ratio"), in.millis("batch-delay-millis"));
        }

        /** When enabled: the endpoint configured, else the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}, else OTLP's own default. */
        Optional<Tracing.Settings> settings() {
            if (!enabled) {
                return Optional.empty();
            }
            String endpoint = otlpEndpoint.or(() -> Optional.ofNullable(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")))
                    .orElse("http://127.0.0.1:4318");
            return Optional.of(new Tracing.Settings(serviceName, endpoint, sampleRatio, batchDelay));
        }
    }

    /** {@code log.format}: readable text lines, or one JSON object a line for a log collector. */
    record Log(Format format) {

        enum Format { TEXT, JSON }

        static Log read(ConfigReader in) {
            return new Log(in.kind("format", Format.class));
        }
    }
}
