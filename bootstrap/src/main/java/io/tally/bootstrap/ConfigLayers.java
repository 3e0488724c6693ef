package io.tally.bootstrap;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tally's configuration as dotted keys in layers, highest first: explicit overrides, {@code TALLY_*} environment
 * variables, Java system properties, then {@code application.yaml}, which holds every key with its default. Each key
 * remembers where it was set, so a refusal can say so ({@code TALLY_STORE_KND}, not only {@code store.knd}).
 */
final class ConfigLayers {

    /** One layer's keys, and how to name the place a key came from in a message. */
    record Layer(String name, Map<String, String> keys, Function<String, String> origin) {
    }

    private final List<Layer> layers;

    private ConfigLayers(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** {@code overrides} over the environment's {@code TALLY_*} variables over system properties over the yaml. */
    static ConfigLayers of(Map<String, String> overrides, Map<String, String> environment, Properties properties) {
        Layer yaml = yaml();
        Set<String> sections = yaml.keys().keySet().stream().map(ConfigLayers::section).collect(Collectors.toSet());
        Map<String, String> variables = EnvironmentOverrides.variables(environment);
        return new ConfigLayers(List.of(
                new Layer("override", Map.copyOf(overrides), key -> null), // as the caller wrote it: the key says it
                new Layer("environment", EnvironmentOverrides.from(environment), variables::get),
                // the JVM's own properties (java.home, user.dir, …) are not ours: only those in one of our sections count
                new Layer("system property", systemProperties(properties, sections), key -> "-D" + key),
                yaml));
    }

    /** The value of {@code key} from the highest layer that sets it. */
    Optional<Value> find(String key) {
        for (Layer layer : layers) {
            String value = layer.keys().get(key);
            if (value != null) {
                return Optional.of(new Value(key, value, layer.origin().apply(key), layer == defaults()));
            }
        }
        return Optional.empty();
    }

    /** The value {@code application.yaml} gives {@code key}, if any. */
    Optional<String> byDefault(String key) {
        return Optional.ofNullable(defaults().keys().get(key));
    }

    /** Every key set in any layer, with the value that counts. */
    List<Value> all() {
        Map<String, Value> all = new LinkedHashMap<>();
        for (Layer layer : layers) {
            layer.keys().keySet().forEach(key -> all.computeIfAbsent(key, k -> find(k).orElseThrow()));
        }
        return new ArrayList<>(all.values());
    }

    /** A key's value and where it was set: a variable, a system property, the yaml; {@code null} for an override. */
    record Value(String key, String text, String origin, boolean byDefault) {

        /** " (set by TALLY_STORE_KIND)", or nothing for an override or the yaml's default. */
        String from() {
            return setBy().map(by -> " (" + by + ")").orElse("");
        }

        Optional<String> setBy() {
            return byDefault || origin == null ? Optional.empty() : Optional.of("set by " + origin);
        }
    }

    private Layer defaults() {
        return layers.getLast();
    }

    private static Layer yaml() {
        Config config = Config.just(ConfigSources.classpath("application.yaml"));
        Map<String, String> keys = new LinkedHashMap<>();
        config.traverse().filter(Config::isLeaf).forEach(node -> keys.put(node.key().toString(), node.asString().orElse("")));
        return new Layer("application.yaml", keys, key -> "application.yaml");
    }

    private static Map<String, String> systemProperties(Properties properties, Set<String> sections) {
        Map<String, String> keys = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(name -> sections.contains(section(name)))
                .forEach(name -> keys.put(name, properties.getProperty(name)));
        return keys;
    }

    private static String section(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
