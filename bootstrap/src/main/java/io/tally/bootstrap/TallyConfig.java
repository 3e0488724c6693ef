package io.tally.bootstrap;

import io.tally.adapter.out.delivery.Deliveries;
import io.tally.adapter.out.tracing.Tracing;
import io.tally.application.service.Notifications;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.application.service.CachePolicy;
import io.tally.application.service.RateLimitPolicy;
import io.tally.application.service.EventEnricher;
import io.tally.application.service.WriterSettings;
import io.tally.domain.event.EventLimits;

import io.tally.adapter.out.clickhouse.ClickHouseServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Tally's settings, read from {@code application.yaml} with {@code TALLY_*} environment overrides on top. */
record TallyConfig(Config raw) {

    /** Configuration from the environment and the bundled {@code application.yaml}. */
    static TallyConfig load(Map<String, String> environment) {
        return withOverrides(EnvironmentOverrides.from(environment));
    }

    /** Configuration with explicit overrides, highest first: the overrides, system properties, the yaml. */
    static TallyConfig withOverrides(Map<String, String> overrides) {
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .sources(ConfigSources.create(new HashMap<>(overrides)).build(),
                        ConfigSources.systemProperties().build(),
                        ConfigSources.classpath("application.yaml").build())
                .build();
        return new TallyConfig(config);
    }

    Config server() {
        return raw.get("server");
    }

    String project() {
        return raw.get("project").asString().orElse("default");
    }

    /** Every project this server keeps (comma-separated {@code projects}); the default project always. */
    java.util.Set<String> projects() {
        java.util.Set<String> projects = new java.util.LinkedHashSet<>();
        projects.add(project());
        raw.get("projects").asString().asOptional().ifPresent(list -> {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    projects.add(name.strip());
                }
            }
        });
        return projects;
    }

    String storeKind() {
        return raw.get("store.kind").asString().orElse("duckdb");
    }

    DuckDbConfig duckDb() {
        return new DuckDbConfig(Path.of(raw.get("store.path").asString().orElse("./data/tally.duckdb")),
                raw.get("store.threads").asInt().orElse(0),
                raw.get("store.memory-limit").asString().orElse(""));
    }

    /** libchdb.so for {@code clickhouse-embedded}: as configured, else where ops/clickhouse/fetch-chdb.sh caches it. */
    Path chdbLibrary() {
        return raw.get("store.clickhouse.library").asString().asOptional().filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> Path.of(System.getenv().getOrDefault("TALLY_CACHE", System.getProperty("user.home")
                        + "/.cache/tally"), "chdb", "26.5.3", "libchdb.so"));
    }

    /** The server of {@code store.kind: clickhouse}: {@code store.clickhouse.url} and who to be there. */
    ClickHouseServer clickHouseServer() {
        String url = raw.get("store.clickhouse.url").asString().orElse("");
        if (url.isBlank()) {
            throw new IllegalArgumentException("store.kind clickhouse needs store.clickhouse.url (TALLY_STORE_CLICKHOUSE_URL), "
                    + "such as http://clickhouse:8123");
        }
        return clickHouseServer(url, raw.get("store.clickhouse.database").asString().orElse("tally"));
    }

    /** A server at {@code url} with this configuration's user, password and compression. */
    ClickHouseServer clickHouseServer(String url, String database) {
        return new ClickHouseServer(url, database, raw.get("store.clickhouse.user").asString().orElse("default"),
                raw.get("store.clickhouse.password").asString().orElse(""),
                raw.get("store.clickhouse.compress").asBoolean().orElse(true));
    }

    Path clickHousePath() {
        return Path.of(raw.get("store.clickhouse.path").asString().orElse("./data/clickhouse"));
    }

    WriterSettings writer() {
        return new WriterSettings(
                raw.get("ingest.queue-capacity").asInt().orElse(WriterSettings.DEFAULT.capacity()),
                raw.get("ingest.batch-size").asInt().orElse(WriterSettings.DEFAULT.batchSize()),
                Duration.ofMillis(raw.get("ingest.max-delay-ms").asLong().orElse(200L)),
                WriterSettings.DEFAULT.retryBackoff());
    }

    EventLimits eventLimits() {
        return EventLimits.DEFAULT.withRetention(retention());
    }

    /** How long events are kept: ingest, every table of the store and every query follow it. */
    io.tally.domain.time.Retention retention() {
        int days = raw.get("ingest.retention-days").asInt().orElse(io.tally.domain.time.Retention.DEFAULT.days());
        try {
            return new io.tally.domain.time.Retention(days);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ingest.retention-days: " + e.getMessage(), e);
        }
    }

    long maxBodyBytes() {
        return raw.get("ingest.max-body-bytes").asLong().orElse(10L * 1024 * 1024);
    }

    /** A GeoIP2/GeoLite2 City database file, when one is configured (none is shipped). */
    java.util.Optional<Path> geoIpDatabase() {
        return raw.get("enrichment.geoip-database").asString().asOptional().filter(s -> !s.isBlank()).map(Path::of);
    }

    EventEnricher.Settings enrichment() {
        return new EventEnricher.Settings(raw.get("enrichment.keep-bots").asBoolean().orElse(false),
                raw.get("enrichment.keep-ip").asBoolean().orElse(false));
    }

    boolean rollupEnabled() {
        return raw.get("rollup.enabled").asBoolean().orElse(true);
    }

    Duration rollupRefresh() {
        return Duration.ofSeconds(raw.get("rollup.refresh-seconds").asLong().orElse(60L));
    }

    /** {@code direct}: HTTP ingest writes to the store; {@code kafka}: HTTP ingest produces to Kafka (collector). */
    String ingestMode() {
        return raw.get("ingest.mode").asString().orElse("direct");
    }

    String kafkaServers() {
        return raw.get("kafka.bootstrap-servers").asString().orElse("127.0.0.1:9092");
    }

    String kafkaTopic() {
        return raw.get("kafka.topic").asString().orElse("analytics_events");
    }

    String kafkaDeadLetterTopic() {
        return raw.get("kafka.dead-letter-topic").asString().orElse("analytics_events.dlq");
    }

    String kafkaGroup() {
        return raw.get("kafka.group-id").asString().orElse("tally-ingest");
    }

    /** Whether this node consumes the topic into the store (default: in kafka mode). */
    boolean kafkaConsume() {
        return raw.get("kafka.consume").asBoolean().orElse(ingestMode().equals("kafka"));
    }

    Duration kafkaDeliveryTimeout() {
        return Duration.ofMillis(raw.get("kafka.delivery-timeout-ms").asLong().orElse(10_000L));
    }

    int kafkaMaxBatch() {
        return raw.get("kafka.max-batch").asInt().orElse(5_000);
    }

    /** {@code local} (Caffeine in this process), {@code redis} (shared by all nodes) or {@code none}. */
    String cacheKind() {
        return raw.get("cache.kind").asString().orElse("local");
    }

    String cacheRedisAddress() {
        return raw.get("cache.redis.address").asString().orElse("redis://127.0.0.1:6379");
    }

    long cacheMaxBytes() {
        return raw.get("cache.max-bytes").asLong().orElse(64L * 1024 * 1024);
    }

    CachePolicy.Settings cachePolicy() {
        return new CachePolicy.Settings(Duration.ofSeconds(raw.get("cache.recent-ttl-seconds").asLong().orElse(10L)),
                Duration.ofSeconds(raw.get("cache.past-ttl-seconds").asLong().orElse(3600L)),
                raw.get("cache.serve-stale").asBoolean().orElse(true));
    }

    /** {@code local} (this process), {@code redis} (shared by every node, at cache.redis.address) or {@code none}. */
    String limitsKind() {
        return raw.get("limits.kind").asString().orElse("local");
    }

    RateLimitPolicy.Limits defaultLimits() {
        return new RateLimitPolicy.Limits(raw.get("limits.ingest-events-per-second").asLong().orElse(200_000L),
                raw.get("limits.queries-per-minute").asLong().orElse(60_000L));
    }

    /** Per-project limits: limits.projects.<project>.ingest-events-per-second and .queries-per-minute. */
    java.util.Map<String, RateLimitPolicy.Limits> projectLimits() {
        java.util.Map<String, RateLimitPolicy.Limits> limits = new java.util.HashMap<>();
        RateLimitPolicy.Limits defaults = defaultLimits();
        raw.get("limits.projects").asNodeList().orElse(java.util.List.of()).forEach(node -> limits.put(node.name(),
                new RateLimitPolicy.Limits(node.get("ingest-events-per-second").asLong().orElse(defaults.ingestPerSecond()),
                        node.get("queries-per-minute").asLong().orElse(defaults.queriesPerMinute()))));
        return limits;
    }

    /** Every API request needs an API key (the default); off only for trusted local use and tests. */
    boolean keysRequired() {
        return raw.get("auth.keys-required").asBoolean().orElse(true);
    }

    Duration shutdownTimeout() {
        return Duration.ofSeconds(raw.get("ingest.shutdown-timeout-seconds").asLong().orElse(30L));
    }

    /** The most connections the server holds at once (further ones wait to be accepted). */
    int maxConnections() {
        int max = raw.get("server.max-connections").asInt().orElse(10_000);
        if (max < 1) {
            throw new IllegalArgumentException("server.max-connections must be at least 1, not " + max);
        }
        return max;
    }

    /** How long a client may take to send a request line, its headers, and its body. */
    SlowClients.Timeouts clientTimeouts() {
        return new SlowClients.Timeouts(seconds("server.idle-timeout-seconds", 30), seconds("server.header-timeout-seconds", 10),
                seconds("server.body-timeout-seconds", 60));
    }

    /** A duration in (possibly fractional) seconds. */
    private Duration seconds(String key, double byDefault) {
        return Duration.ofMillis(Math.round(raw.get(key).asDouble().orElse(byDefault) * 1000));
    }

    /** How long a stopping node lets the requests in flight finish. */
    Duration shutdownGrace() {
        return Duration.ofSeconds(raw.get("server.shutdown-grace-seconds").asLong().orElse(10L));
    }

    /** Live connections (WebSocket) one node holds; more are refused with 1013, try again later. */
    int liveMaxConnections() {
        return raw.get("live.max-connections").asInt().orElse(2_000);
    }

    /** Live connections one remote address may hold before they authenticate (they never count against the above). */
    int liveMaxUnauthenticatedPerAddress() {
        return raw.get("live.max-unauthenticated-per-address").asInt().orElse(10);
    }

    /** How long a live connection may stay open without authenticating (both WebSocket endpoints). */
    Duration liveAuthTimeout() {
        return Duration.ofSeconds(raw.get("live.auth-timeout-seconds").asLong().orElse(5L));
    }

    /** How live views learn what other nodes stored: {@code local} (they do not) or {@code redis}. */
    String liveBroadcast() {
        return raw.get("live.broadcast").asString().orElse("local");
    }

    Duration liveHeartbeat() {
        return Duration.ofSeconds(raw.get("live.heartbeat-seconds").asLong().orElse(15L));
    }

    /** The deepest selection and the most fields one GraphQL operation may ask for. */
    int graphQlMaxDepth() {
        return raw.get("graphql.max-depth").asInt().orElse(8);
    }

    int graphQlMaxComplexity() {
        return raw.get("graphql.max-complexity").asInt().orElse(200);
    }

    /** {@code text} (the readable default) or {@code json}: one JSON object a line, with request and trace ids. */
    String logFormat() {
        String format = raw.get("log.format").asString().orElse("text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("log.format must be text or json, not " + format);
        }
        return format;
    }

    /** How often due alert rules and report schedules are looked for. */
    Duration schedulerTick() {
        return Duration.ofMillis(raw.get("alerts.tick-millis").asLong().orElse(1_000L));
    }

    /** How hard a webhook or mail delivery is tried: attempts, and the first wait (doubled after each failure). */
    Notifications.Settings notifySettings() {
        return new Notifications.Settings(raw.get("notify.attempts").asInt().orElse(4),
                Duration.ofMillis(raw.get("notify.backoff-millis").asLong().orElse(2_000L)));
    }

    Duration notifyTimeout() {
        return Duration.ofSeconds(raw.get("notify.timeout-seconds").asLong().orElse(10L));
    }

    /** The SMTP server for e-mail deliveries; none unless {@code smtp.host} is set. */
    Optional<Deliveries.Smtp> smtp() {
        return raw.get("smtp.host").asString().asOptional().filter(h -> !h.isBlank()).map(host -> new Deliveries.Smtp(host,
                raw.get("smtp.port").asInt().orElse(587),
                raw.get("smtp.from").asString().orElse("tally@localhost"),
                raw.get("smtp.username").asString().orElse(""),
                raw.get("smtp.password").asString().orElse(""),
                raw.get("smtp.starttls").asBoolean().orElse(false),
                notifyTimeout()));
    }

    /** Whether this node evaluates alerts and runs report schedules (one node of a cluster should). */
    boolean alertsEnabled() {
        return raw.get("alerts.enabled").asBoolean().orElse(true);
    }

    /**
     * Tracing, off unless {@code tracing.enabled}: spans go over OTLP/HTTP to {@code tracing.otlp-endpoint} (or the
     * standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}).
     */
    Optional<Tracing.Settings> tracing() {
        if (!raw.get("tracing.enabled").asBoolean().orElse(false)) {
            return Optional.empty();
        }
        String endpoint = raw.get("tracing.otlp-endpoint").asString().asOptional().filter(e -> !e.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")))
                .orElse("http://127.0.0.1:4318");
        return Optional.of(new Tracing.Settings(raw.get("tracing.service-name").asString().orElse("tally"), endpoint,
                raw.get("tracing.sample-ratio").asDouble().orElse(1.0),
                Duration.ofMillis(raw.get("tracing.batch-delay-millis").asLong().orElse(2_000L))));
    }
}
