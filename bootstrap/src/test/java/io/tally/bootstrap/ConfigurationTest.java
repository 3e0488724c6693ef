package io.tally.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationTest {

    @Test
    void tally_environment_variables_override_the_yaml_and_others_are_ignored() {
        TallyConfig config = TallyConfig.load(Map.of(
                "TALLY_SERVER_PORT", "9999",
                "TALLY_STORE_PATH", "/tmp/elsewhere.duckdb",
                "TALLY_STORE_MEMORY__LIMIT", "2GB",
                "TALLY_INGEST_BATCH__SIZE", "123",
                "PATH", "/usr/bin"));
        assertThat(config.server().get("port").asInt().get()).isEqualTo(9999);
        assertThat(config.duckDb().file().toString()).isEqualTo("/tmp/elsewhere.duckdb");
        assertThat(config.duckDb().memoryLimit()).isEqualTo("2GB");
        assertThat(config.writer().batchSize()).isEqualTo(123);
        assertThat(EnvironmentOverrides.from(Map.of("PATH", "/usr/bin", "TALLY_X", "1"))).containsOnlyKeys("x");
    }

    @Test
    void the_clickhouse_server_store_comes_from_the_environment_and_says_what_it_lacks() {
        TallyConfig config = TallyConfig.load(Map.of("TALLY_STORE_KIND", "clickhouse",
                "TALLY_STORE_CLICKHOUSE_URL", "https://ch.example:8443/", "TALLY_STORE_CLICKHOUSE_USER", "tally",
                "TALLY_STORE_CLICKHOUSE_PASSWORD", "secret", "TALLY_STORE_CLICKHOUSE_COMPRESS", "false"));
        assertThat(config.clickHouseServer()).isEqualTo(
                new io.tally.adapter.out.clickhouse.ClickHouseServer("https://ch.example:8443", "tally", "tally", "secret", false));
        assertThat(config.clickHouseServer().toString()).doesNotContain("secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stores.open(TallyConfig.load(Map.of("TALLY_STORE_KIND", "clickhouse")), java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.clickhouse.url");
    }

    @Test
    void the_defaults_are_the_embedded_server_on_8080() {
        TallyConfig config = TallyConfig.load(Map.of());
        assertThat(config.server().get("port").asInt().get()).isEqualTo(8080);
        assertThat(config.duckDb().file().toString()).isEqualTo("./data/tally.duckdb");
        assertThat(config.project()).isEqualTo("default");
        assertThat(config.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void generate_writes_the_same_ndjson_for_the_same_seed() {
        String[] args = {"generate", "--events", "250", "--days", "3", "--seed", "8", "--end", "2026-11-28T00:00:00Z"};
        String first = run(args);
        assertThat(first.lines()).hasSize(250);
        assertThat(first.lines().findFirst().orElseThrow()).startsWith("{\"event_id\":");
        assertThat(run(args)).isEqualTo(first);
    }

    private static String run(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.generate(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_health_command_says_whether_a_server_is_ready(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try (Tally tally = Tally.start(TallyConfig.withOverrides(java.util.Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("t.duckdb").toString())))) {
            assertThat(Main.health(new String[]{"health", "--url", "http://127.0.0.1:" + tally.port()},
                    new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        }
        assertThat(Main.health(new String[]{"health", "--url", "http://127.0.0.1:1"},
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not ready");
    }
}
