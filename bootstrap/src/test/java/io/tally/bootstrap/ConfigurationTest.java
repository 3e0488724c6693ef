package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseServer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @Test
    void tally_environment_variables_override_the_yaml_and_others_are_ignored() {
        TallyConfig config = TallyConfig.load(Map.of(
                "TALLY_SERVER_PORT", "9999",
                "TALLY_STORE_PATH", "/tmp/elsewhere.duckdb",
                "TALLY_STORE_MEMORY__LIMIT", "2GB",
                "TALLY_STORE_CHECKPOINT__THRESHOLD", "1GB",
                "TALLY_INGEST_BATCH__SIZE", "123",
                "PATH", "/usr/bin"));
        assertThat(config.server().port()).isEqualTo(9999);
        assertThat(config.store().duckDb().file().toString()).isEqualTo("/tmp/elsewhere.duckdb");
        assertThat(config.store().duckDb().memoryLimit()).isEqualTo("2GB");
        assertThat(config.store().duckDb().checkpointThreshold()).isEqualTo("1GB");
        assertThat(config.ingest().writer().batchSize()).isEqualTo(123);
        assertThat(EnvironmentOverrides.from(Map.of("PATH", "/usr/bin", "TALLY_X", "1"))).containsOnlyKeys("x");
    }

    @Test
    void the_clickhouse_server_store_comes_from_the_environment_and_says_what_it_lacks() {
        TallyConfig config = TallyConfig.load(Map.of("TALLY_STORE_KIND", "clickhouse",
                "TALLY_STORE_CLICKHOUSE_URL", "https://ch.example:8443/", "TALLY_STORE_CLICKHOUSE_USER", "tally",
                "TALLY_STORE_CLICKHOUSE_PASSWORD", "secret", "TALLY_STORE_CLICKHOUSE_COMPRESS", "false"));
        assertThat(config.store().clickhouse().server()).isEqualTo(
                new ClickHouseServer("https://ch.example:8443", "tally", "tally", "secret", false));
        assertThat(config.store().clickhouse().server().toString()).doesNotContain("secret");
        Assertions.assertThatThrownBy(() -> Stores.open(TallyConfig.load(Map.of("TALLY_STORE_KIND", "clickhouse")), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store.clickhouse.url");
    }

    @Test
    void the_defaults_are_the_embedded_server_on_8080() {
        TallyConfig config = TallyConfig.load(Map.of());
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.store().duckDb().file().toString()).isEqualTo("./data/tally.duckdb");
        assertThat(config.projects().defaultProject()).isEqualTo("default");
        assertThat(config.ingest().maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.store().duckDb().checkpointThreshold()).isEqualTo("256MB");
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
    void the_health_command_says_whether_a_server_is_ready(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Tally tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("t.duckdb").toString())))) {
            assertThat(Main.health(new String[]{"health", "--url", "http://127.0.0.1:" + tally.port()},
                    new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        }
        assertThat(Main.health(new String[]{"health", "--url", "http://127.0.0.1:1"},
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not ready");
    }

    @Test
    void an_unknown_key_is_refused_with_its_name_and_the_key_it_nearly_is() {
        assertThatThrownBy(() -> TallyConfig.withOverrides(Map.of("store.knd", "duckdb")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown configuration key \"store.knd\" (did you mean store.kind?)");
        assertThatThrownBy(() -> TallyConfig.withOverrides(Map.of("limits.projects.shop.queries-per-minut", "5")))
                .hasMessageContaining("unknown configuration key \"limits.projects.shop.queries-per-minut\"")
                .hasMessageContaining("did you mean limits.projects.shop.queries-per-minute?");
        assertThatThrownBy(() -> TallyConfig.withOverrides(Map.of("colour", "blue")))
                .hasMessage("unknown configuration key \"colour\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "store.kind      | duckbd | one of duckdb, clickhouse, clickhouse-embedded",
            "ingest.mode     | Kafka  | one of direct, kafka",
            "cache.kind      | memory | one of local, redis, none",
            "limits.kind     | off    | one of local, redis, none",
            "live.broadcast  | none   | one of local, redis",
            "log.format      | xml    | one of text, json",
            "server.port     | 80a    | a whole number",
            "rollup.enabled  | yes    | true or false",
            "server.max-connections | 0 | a whole number of at least 1",
            "ingest.retention-days  | 0 | whole days from 1 to 36500",
            "ingest.dedup-recent    | -1 | a whole number of events, 0 or more",
            "analytics.engagement-events | heartbeat, page_view | event types, comma-separated (not page_view or conversion)"})
    void a_value_its_key_cannot_take_is_refused_with_the_key_and_what_it_takes(String key, String value, String takes) {
        assertThatThrownBy(() -> TallyConfig.withOverrides(Map.of(key, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(key + " must be " + takes + ", not \"" + value + "\"");
    }

    @Test
    void engagement_events_are_a_comma_separated_list_and_none_by_default() {
        assertThat(TallyConfig.withOverrides(Map.of()).analytics().engagementEvents()).isEmpty();
        assertThat(TallyConfig.withOverrides(Map.of("analytics.engagement-events", " engagement, heartbeat ,")).analytics()
                .engagementEvents()).containsExactly("engagement", "heartbeat");
    }

    @Test
    void every_problem_is_refused_at_once() {
        assertThatThrownBy(() -> TallyConfig.withOverrides(Map.of("store.kind", "duckbd", "cache.knd", "none")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "store.kind must be one of duckdb, clickhouse, clickhouse-embedded, not \"duckbd\"",
                        "unknown configuration key \"cache.knd\" (did you mean cache.kind?)"));
    }

    @Test
    void a_typo_in_an_environment_variable_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> TallyConfig.load(Map.of("TALLY_STORE_MEMORY_LIMIT", "2GB")))
                .hasMessage("unknown configuration key \"store.memory.limit\" (set by TALLY_STORE_MEMORY_LIMIT; "
                        + "did you mean TALLY_STORE_MEMORY__LIMIT?)");
        assertThatThrownBy(() -> TallyConfig.load(Map.of("TALLY_CACHE_KIND", "redsi")))
                .hasMessage("cache.kind must be one of local, redis, none, not \"redsi\" (set by TALLY_CACHE_KIND)");
        // the keys command's admin key and the chDB cache are TALLY_ variables but not settings
        assertThatCode(() -> TallyConfig.load(Map.of("TALLY_ADMIN_KEY", "tly_x", "TALLY_CACHE", "/tmp/c", "PATH", "/usr/bin")))
                .doesNotThrowAnyException();
    }

    @Test
    void system_properties_in_tally_s_sections_are_held_to_the_same_keys_and_others_are_not_tally_s() {
        Properties properties = new Properties();
        properties.setProperty("java.home", "/opt/jdk");
        properties.setProperty("server.port", "9090");
        assertThat(TallyConfig.read(Map.of(), Map.of(), properties).server().port()).isEqualTo(9090);
        properties.setProperty("server.prot", "9091");
        assertThatThrownBy(() -> TallyConfig.read(Map.of(), Map.of(), properties))
                .hasMessage("unknown configuration key \"server.prot\" (set by -Dserver.prot; did you mean server.port?)");
    }

    @Test
    void overrides_win_over_the_environment_which_wins_over_the_yaml() {
        TallyConfig config = TallyConfig.read(Map.of("server.port", "1"), Map.of("TALLY_SERVER_PORT", "2", "TALLY_STORE_THREADS", "3"),
                new Properties());
        assertThat(config.server().port()).isEqualTo(1);
        assertThat(config.store().duckDb().threads()).isEqualTo(3);
    }

    @Test
    void every_key_read_has_its_default_in_the_yaml_and_every_yaml_key_is_read() throws IOException {
        Set<String> yaml = new HashSet<>();
        flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))), yaml);
        Set<String> read = TallyConfig.keys();
        // kafka.consume alone has no default of its own: it follows ingest.mode unless set
        assertThat(read).containsAll(yaml);
        Set<String> withoutDefault = new HashSet<>(read);
        withoutDefault.removeAll(yaml);
        assertThat(withoutDefault).containsExactly("kafka.consume");
    }

    @Test
    void the_values_are_the_yaml_s_when_nothing_overrides_them() throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml")));
        Map<String, String> flat = new HashMap<>();
        flattenValues("", yaml, flat);
        TallyConfig config = TallyConfig.read(Map.of(), Map.of(), new Properties());
        assertThat(config.cache().maxBytes()).isEqualTo(Long.parseLong(flat.get("cache.max-bytes")));
        assertThat(config.ingest().writer().capacity()).isEqualTo(Integer.parseInt(flat.get("ingest.queue-capacity")));
        assertThat(config.ingest().retention().days()).isEqualTo(Integer.parseInt(flat.get("ingest.retention-days")));
        assertThat(config.store().duckDb().dedupRecent()).isEqualTo(Long.parseLong(flat.get("ingest.dedup-recent")));
        assertThat(config.graphql().maxDepth()).isEqualTo(Integer.parseInt(flat.get("graphql.max-depth")));
        assertThat(config.live().heartbeat().toSeconds()).isEqualTo(Long.parseLong(flat.get("live.heartbeat-seconds")));
        assertThat(ConfigReader.label(config.store().kind())).isEqualTo(flat.get("store.kind"));
        assertThat(config.kafka().consume()).as("not in kafka mode").isFalse();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Set<String> keys) {
        tree.forEach((name, value) -> {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (value instanceof Map<?, ?> nested) {
                flatten(key, (Map<String, Object>) nested, keys);
            } else {
                keys.add(key);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void flattenValues(String prefix, Map<String, Object> tree, Map<String, String> values) {
        tree.forEach((name, value) -> {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (value instanceof Map<?, ?> nested) {
                flattenValues(key, (Map<String, Object>) nested, values);
            } else {
                values.put(key, String.valueOf(value));
            }
        });
    }
}
