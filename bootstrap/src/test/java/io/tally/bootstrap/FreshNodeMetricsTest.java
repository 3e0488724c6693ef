package io.tally.bootstrap;

import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that has served nothing yet already exports every series the shipped Grafana dashboards and Prometheus
 * rules read, at zero, with every label value known in advance: a rule such as "rejections above 5%" or a panel of
 * cache hits must see a zero, not an empty result, until the first event arrives. The node runs in a JVM of its own,
 * because meters live in one registry per JVM and the other tests' servers would have created them already.
 */
class FreshNodeMetricsTest {

    private static final Path OPS = Path.of("..", "ops");
    private static final Pattern SERIES = Pattern.compile("\\b(tally_[a-z0-9_]+)(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|=)\\s*\"([^\"]*)\"");
    /** Series one name in ops/ can only have once something outside the node exists. */
    private static final Map<String, String> NOT_KNOWN_IN_ADVANCE = Map.of(
            "tally_kafka_consumer_lag_records", "its partition label comes from the broker's assignment",
            "tally_dependency_up{dependency=kafka}", "a node has the check only when Kafka is configured",
            "tally_dependency_up{dependency=redis}", "a node has the check only when Redis is configured");

    private record Exported(String name, Map<String, String> labels) {
    }

    @Test
    void a_fresh_node_exports_every_series_the_dashboards_and_rules_name_at_zero(@TempDir Path dir) throws Exception {
        String metrics = scrapeAFreshNode(dir);
        List<Exported> exported = parse(metrics);

        List<String> missing = new ArrayList<>();
        for (String wanted : namedInOps()) {
            if (NOT_KNOWN_IN_ADVANCE.containsKey(wanted)) {
                continue;
            }
            String name = wanted.contains("{") ? wanted.substring(0, wanted.indexOf('{')) : wanted;
            Map<String, String> labels = new HashMap<>();
            if (wanted.contains("{")) {
                String[] label = wanted.substring(wanted.indexOf('{') + 1, wanted.length() - 1).split("=");
                labels.put(label[0], label[1]);
            }
            if (exported.stream().noneMatch(e -> e.name().equals(name) && e.labels().entrySet().containsAll(labels.entrySet()))) {
                missing.add(wanted);
            }
        }
        assertThat(missing).as("named in ops/ but not exported by a fresh node").isEmpty();

        // the four that used to appear only after first use, with every label value they can take
        assertThat(values(exported, "tally_events_rejected_total", "reason")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ViolationKind.values()).map(ViolationKind::label).toList());
        assertThat(values(exported, "tally_query_cache_total", "outcome"))
                .containsExactlyInAnyOrder("hit", "stale", "miss", "bypass", "error");
        assertThat(values(exported, "tally_rate_limited_requests_total", "kind")).containsExactlyInAnyOrder("ingest", "query");
        assertThat(values(exported, "tally_query_seconds_count", "type", "source")).containsExactlyInAnyOrder(
                "timeseries/raw", "timeseries/rollup", "timeseries/raw+sessions", "timeseries/rollup+sessions", "report/raw",
                "report/rollup", "report/raw+sessions", "report/rollup+sessions", "report/sessions", "report/rollup+sketch",
                "report/rollup+sketch+sessions", "funnel/raw", "retention/raw", "paths/raw", "stickiness/raw",
                "lifecycle/raw", "trend/raw", "trend/rollup", "trend/raw+sessions", "trend/rollup+sessions", "trend/sessions",
                "trend/rollup+sketch", "trend/rollup+sketch+sessions", "trend/mixed", "conversions/raw", "conversions/rollup",
                "conversions/raw+sessions", "conversions/rollup+sessions");
        assertThat(exported).filteredOn(e -> Set.of("tally_events_rejected_total", "tally_query_cache_total",
                        "tally_rate_limited_requests_total", "tally_query_seconds_count").contains(e.name()))
                .allSatisfy(e -> assertThat(metrics).containsPattern("(?m)^" + Pattern.quote(e.name()) + "\\{[^}]*} 0(\\.0)?$"));
    }

    /** Every series name the dashboards and rules read, and name{label=value} for each label value they name. */
    private static Set<String> namedInOps() throws Exception {
        List<Path> files = new ArrayList<>(List.of(OPS.resolve("prometheus/alerts.yml")));
        try (var dashboards = Files.list(OPS.resolve("grafana/dashboards"))) {
            files.addAll(dashboards.toList());
        }
        Set<String> named = new TreeSet<>();
        for (Path file : files) {
            Matcher series = SERIES.matcher(Files.readString(file).replace("\\\"", "\""));
            while (series.find()) {
                named.add(series.group(1));
                if (series.group(3) == null) {
                    continue;
                }
                Matcher matcher = MATCHER.matcher(series.group(3));
                while (matcher.find()) {
                    for (String value : matcher.group(2).equals("=") ? List.of(matcher.group(3))
                            : List.of(matcher.group(3).split("\\|"))) {
                        named.add(series.group(1) + "{" + matcher.group(1) + "=" + value + "}");
                    }
                }
            }
        }
        assertThat(named).hasSizeGreaterThan(25);
        return named;
    }

    private static Set<String> values(List<Exported> exported, String name, String... labels) {
        Set<String> values = new LinkedHashSet<>();
        exported.stream().filter(e -> e.name().equals(name)).forEach(e -> values.add(String.join("/",
                Arrays.stream(labels).map(l -> e.labels().getOrDefault(l, "?")).toList())));
        return values;
    }

    private static List<Exported> parse(String metrics) {
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+$");
        Pattern label = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        List<Exported> exported = new ArrayList<>();
        for (String text : metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            Matcher m = line.matcher(text);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            exported.add(new Exported(m.group(1), labels));
        }
        return exported;
    }

    /** Starts Main on the test classpath in a new JVM, reads /observe/metrics once it is ready, and stops it. */
    private static String scrapeAFreshNode(Path dir) throws Exception {
        int port = PackagedJar.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("TALLY_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_SERVER_HOST", "127.0.0.1");
        builder.environment().put("TALLY_STORE_PATH", dir.resolve("tally.duckdb").toString());
        Process node = builder.start();
        try {
            PackagedJar.awaitReady(node, port, dir, Duration.ofSeconds(60));
            Http.Answer answer = new Http(port).get("/observe/metrics");
            assertThat(answer.status()).isEqualTo(200);
            return answer.body();
        } finally {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }
}
