package io.tally.bootstrap;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files (ops/compose.yaml, ops/k8s) cannot be run here (no Docker engine, no cluster), so what can
 * be checked is: every TALLY_* variable they set is a setting Tally reads, and every name one file gives another
 * (config maps, selectors, upstreams, scrape targets, mounted files) exists.
 */
class DeploymentFilesTest {

    private static final Path OPS = Path.of("../ops");
    /** Read straight from the environment, not through the configuration: the keys command's admin key. */
    private static final Set<String> DIRECT_VARIABLES = Set.of("TALLY_ADMIN_KEY");

    @Test
    void every_tally_variable_set_for_a_deployment_is_a_setting() throws IOException {
        Set<String> settings = settings();
        Set<String> variables = new TreeSet<>();
        Map<String, Object> compose = yaml(OPS.resolve("compose.yaml"));
        for (Object service : map(compose.get("services")).values()) {
            Object environment = map(service).get("environment"); // YAML merge keys (<<: *tally) are resolved
            if (environment != null) {
                variables.addAll(map(environment).keySet());
            }
        }
        for (Map<String, Object> object : k8s()) {
            if (object.get("data") != null) {
                variables.addAll(map(object.get("data")).keySet());
            }
            if (object.get("stringData") != null) {
                variables.addAll(map(object.get("stringData")).keySet());
            }
            for (Map<String, Object> container : containers(object)) {
                for (Object env : list(container.getOrDefault("env", List.of()))) {
                    variables.add((String) map(env).get("name"));
                }
            }
        }
        variables.removeIf(name -> !name.startsWith("TALLY_"));
        assertThat(variables).as("variables found").contains("TALLY_STORE_CLICKHOUSE_URL", "TALLY_STORE_KIND",
                "TALLY_ALERTS_ENABLED", "TALLY_ADMIN_KEY");
        for (String variable : variables) {
            if (!DIRECT_VARIABLES.contains(variable)) {
                String key = EnvironmentOverrides.key(variable.substring("TALLY_".length()));
                assertThat(settings).as("%s names the setting %s, which application.yaml does not have", variable, key)
                        .contains(key);
            }
        }
    }

    @Test
    void the_kubernetes_objects_refer_to_each_other_and_to_what_tally_serves() throws IOException {
        List<Map<String, Object>> objects = k8s();
        Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
        for (Map<String, Object> object : objects) {
            byKindAndName.put(object.get("kind") + "/" + map(object.get("metadata")).get("name"), object);
        }
        List<Map<String, Object>> deployments = objects.stream().filter(o -> o.get("kind").equals("Deployment")).toList();
        assertThat(deployments).hasSize(2);
        Map<String, Object> selector = map(map(byKindAndName.get("Service/tally").get("spec")).get("selector"));
        for (Map<String, Object> deployment : deployments) {
            Map<String, Object> template = map(map(deployment.get("spec")).get("template"));
            Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
            assertThat(labels).as("the Service selects every pod").containsAllEntriesOf(selector);
            assertThat(labels).containsAllEntriesOf(map(map(map(deployment.get("spec")).get("selector")).get("matchLabels")));
            for (Map<String, Object> container : containers(deployment)) {
                for (Object source : list(container.get("envFrom"))) {
                    Map<String, Object> from = map(source);
                    String ref = from.containsKey("configMapRef") ? "ConfigMap/" + map(from.get("configMapRef")).get("name")
                            : "Secret/" + map(from.get("secretRef")).get("name");
                    assertThat(byKindAndName).as("%s is in ops/k8s", ref).containsKey(ref);
                }
                assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/observe/health/ready");
                assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/observe/health/live");
                assertThat(map(list(container.get("ports")).getFirst()).get("containerPort")).isEqualTo(8080);
            }
        }
        Map<String, Object> target = map(map(byKindAndName.get("HorizontalPodAutoscaler/tally").get("spec")).get("scaleTargetRef"));
        assertThat(byKindAndName).containsKey(target.get("kind") + "/" + target.get("name"));
        Map<String, Object> kustomization = yaml(OPS.resolve("k8s/kustomization.yaml"));
        for (Object resource : list(kustomization.get("resources"))) {
            String file = resource.equals("secret.yaml") ? "secret.example.yaml" : (String) resource;
            assertThat(OPS.resolve("k8s").resolve(file)).exists();
        }
    }

    @Test
    void every_compose_node_is_balanced_and_scraped_and_every_mounted_file_exists() throws IOException {
        Map<String, Object> services = map(yaml(OPS.resolve("compose.yaml")).get("services"));
        List<String> nodes = services.keySet().stream().filter(name -> name.startsWith("tally-")).sorted().toList();
        assertThat(nodes).containsExactly("tally-1", "tally-2");
        String nginx = Files.readString(OPS.resolve("nginx/nginx.conf"));
        String prometheus = Files.readString(OPS.resolve("prometheus/prometheus.yml"));
        for (String node : nodes) {
            assertThat(nginx).contains("server " + node + ":8080");
            assertThat(prometheus).contains("\"" + node + ":8080\"");
        }
        Set<String> kinds = new HashSet<>();
        for (var service : services.entrySet()) {
            Map<String, Object> definition = map(service.getValue());
            Object environment = definition.get("environment");
            if (environment instanceof Map<?, ?> variables && variables.get("TALLY_STORE_KIND") != null) {
                kinds.add((String) variables.get("TALLY_STORE_KIND"));
            }
            for (Object volume : list(definition.getOrDefault("volumes", List.of()))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(OPS.resolve(source)).as("%s mounts %s", service.getKey(), source).exists();
                }
            }
        }
        assertThat(kinds).as("the nodes share the ClickHouse server").containsExactly("clickhouse");
    }

    /** Every key of application.yaml, dotted, with the optional keys it documents as comments ({@code # consume: true}). */
    private static Set<String> settings() throws IOException {
        Set<String> keys = new HashSet<>();
        flatten("", yaml(Path.of("src/main/resources/application.yaml")), keys);
        List<String> path = new ArrayList<>();
        Pattern line = Pattern.compile("^( *)(#\\s*)?([a-z][a-z0-9-]*):(.*)$");
        for (String text : Files.readAllLines(Path.of("src/main/resources/application.yaml"))) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                int depth = m.group(1).length() / 2;
                while (path.size() > depth) {
                    path.removeLast();
                }
                String key = String.join(".", path).isEmpty() ? m.group(3) : String.join(".", path) + "." + m.group(3);
                if (m.group(2) != null) {
                    keys.add(key);
                } else if (m.group(4).isBlank()) {
                    path.add(m.group(3));
                }
            }
        }
        return keys;
    }

    private static void flatten(String prefix, Map<String, Object> tree, Set<String> keys) {
        tree.forEach((name, value) -> {
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (value instanceof Map<?, ?> nested) {
                flatten(key, map(nested), keys);
            } else {
                keys.add(key);
            }
        });
    }

    private static List<Map<String, Object>> k8s() throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (var files = Files.list(OPS.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    objects.add(map(document));
                }
            }
        }
        return objects;
    }

    private static List<Map<String, Object>> containers(Map<String, Object> object) {
        if (!"Deployment".equals(object.get("kind"))) {
            return List.of();
        }
        Map<String, Object> pod = map(map(map(object.get("spec")).get("template")).get("spec"));
        return list(pod.get("containers")).stream().map(DeploymentFilesTest::map).toList();
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
