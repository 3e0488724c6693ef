package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseHttpEndpoint;
import io.tally.adapter.out.clickhouse.ClickHouseServer;
import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar tally.jar migrate} as a user runs it: a DuckDB file with events and definitions is copied into
 * ClickHouse (embedded, and a server over HTTP), twice without counting anything twice, and ClickHouse then answers
 * like the source.
 */
class MigrateIT {

    private static final Instant END = Instant.now().truncatedTo(ChronoUnit.HOURS);

    private static String migrate(Path dir, Path duckFile, Path target) throws Exception {
        return migrate(dir, duckFile, "clickhouse:embedded:" + target);
    }

    private static String migrate(Path dir, Path duckFile, String to) throws Exception {
        Path jar = Path.of(System.getProperty("tally.jar", "target/tally.jar"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "migrate", "--from", "duckdb:" + duckFile, "--to", to)
                .directory(dir.toFile()).redirectErrorStream(true);
        // the chDB-backed test endpoint speaks uncompressed HTTP only
        builder.environment().put("TALLY_STORE_CLICKHOUSE_COMPRESS", "false");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void fillSource(Path duckFile) {
        try (DuckDbStores source = DuckDbStores.open(DuckDbConfig.at(duckFile))) {
            source.eventStore().append(TrafficGenerator.list(new TrafficGenerator.Settings(30_000, 20, 5, END, "default")));
            source.definitionStore().put("default", "kpi", "cr", Map.of("name", "cr", "description", "",
                    "expression", "conversions / visitors * 100"));
            source.definitionStore().put("shop", "cohort", "buyers", Map.of("name", "buyers", "rules",
                    List.of(Map.of("event", "purchase", "min_count", 2L))));
        }
    }

    @Test
    void a_duckdb_store_moves_to_clickhouse_and_answers_the_same(@TempDir Path dir) throws Exception {
        Path duckFile = dir.resolve("source.duckdb");
        Path target = dir.resolve("clickhouse");
        fillSource(duckFile);
        assertThat(migrate(dir, duckFile, target)).contains("migrated 30000 events (30000 new in the target) and 2 definitions");
        assertThat(migrate(dir, duckFile, target)).contains("migrated 30000 events (0 new in the target) and 2 definitions");
        try (ClickHouseStores clickhouse = ClickHouseStores.embedded(TallyConfig.withOverrides(Map.of()).store().clickhouse().chdbLibrary(), target)) {
            answersLikeTheSource(duckFile, clickhouse);
        }
        assertThat(Files.list(target)).isNotEmpty();
    }

    /**
     * The same migration to a ClickHouse server over HTTP: clickhouse-jdbc and RowBinary inserts from the packaged
     * jar, against ClickHouse's HTTP interface served by the engine in this test's JVM.
     */
    @Test
    void a_duckdb_store_moves_to_a_clickhouse_server_and_answers_the_same(@TempDir Path dir) throws Exception {
        Path duckFile = dir.resolve("source.duckdb");
        fillSource(duckFile);
        try (ClickHouseHttpEndpoint endpoint = ClickHouseHttpEndpoint.serveEmbedded(dir.resolve("server"))) {
            String to = "clickhouse:" + endpoint.url() + "/default";
            assertThat(migrate(dir, duckFile, to)).contains("migrated 30000 events (30000 new in the target) and 2 definitions")
                    .contains(endpoint.url() + "/default as default");
            assertThat(migrate(dir, duckFile, to)).contains("migrated 30000 events (0 new in the target) and 2 definitions");
            try (ClickHouseStores clickhouse = ClickHouseStores.server(
                    new ClickHouseServer(endpoint.url(), "default", "default", "", false))) {
                answersLikeTheSource(duckFile, clickhouse);
            }
        }
    }

    private static void answersLikeTheSource(Path duckFile, ClickHouseStores clickhouse) {
        TimeRange all = new TimeRange(END.minus(Duration.ofDays(21)), END);
        List<AggregateQuery> reports = List.of(
                new AggregateQuery("default", all, ZoneId.of("Europe/Berlin"), List.of(new Dimension.Time(Granularity.DAY)), List.of()),
                new AggregateQuery("default", all, ZoneId.of("UTC"), List.of(new Dimension.EventType(), new Dimension.Property("country")), List.of()));
        FunnelQuery funnel = new FunnelQuery("default", List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up"),
                EventCriteria.of("purchase")), Duration.ofDays(7), all, ZoneId.of("UTC"), Optional.of(new Dimension.Property("plan")));
        try (DuckDbStores source = DuckDbStores.open(DuckDbConfig.at(duckFile))) {
            for (AggregateQuery report : reports) {
                assertThat(clickhouse.analyticsEngine().aggregate(report)).isEqualTo(source.analyticsEngine().aggregate(report))
                        .isNotEmpty();
            }
            assertThat(clickhouse.analyticsEngine().funnel(funnel)).isEqualTo(source.analyticsEngine().funnel(funnel));
            Comparator<DefinitionStore.Entry> byKey = Comparator.comparing(DefinitionStore.Entry::projectId)
                    .thenComparing(DefinitionStore.Entry::kind).thenComparing(DefinitionStore.Entry::name);
            assertThat(clickhouse.definitionStore().entries().stream().sorted(byKey).toList())
                    .isEqualTo(source.definitionStore().entries().stream().sorted(byKey).toList());
        }
    }
}
