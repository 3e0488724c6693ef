package io.tally.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads typed values of one section of {@link ConfigLayers} and remembers every key it is asked for: once the whole
 * configuration is read, a key set anywhere that nothing asked for is a typo, refused with its name. A value that does
 * not parse is a problem too; problems are collected (the yaml's default stands in meanwhile) and refused together.
 */
final class ConfigReader {

    private final ConfigLayers layers;
    private final String prefix;
    private final Set<String> known;
    private final List<String> problems;

    private ConfigReader(ConfigLayers layers, String prefix, Set<String> known, List<String> problems) {
        this.layers = layers;
        this.prefix = prefix;
        this.known = known;
        this.problems = problems;
    }

    static ConfigReader over(ConfigLayers layers) {
        return new ConfigReader(layers, "", new TreeSet<>(), new ArrayList<>());
    }

    /** The keys under {@code name.}. */
    ConfigReader section(String name) {
        return new ConfigReader(layers, prefix + name + ".", known, problems);
    }

    String text(String key) {
        return value(key, "text", text -> text);
    }

    /** A text where empty means "none" ({@code store.clickhouse.url: ""}). */
    Optional<String> textOrNone(String key) {
        return Optional.of(text(key)).filter(text -> !text.isBlank());
    }

    Optional<Path> pathOrNone(String key) {
        return textOrNone(key).map(Path::of);
    }

    Path path(String key) {
        return value(key, "a path", Path::of);
    }

    int whole(String key) {
        return value(key, "a whole number", Integer::parseInt);
    }

    int positive(String key) {
        return value(key, "a whole number of at least 1", text -> atLeastOne(Integer.parseInt(text)));
    }

    long wholeLong(String key) {
        return value(key, "a whole number", Long::parseLong);
    }

    double decimal(String key) {
        return value(key, "a number", Double::parseDouble);
    }

    boolean flag(String key) {
        return value(key, "true or false", ConfigReader::bool);
    }

    Duration seconds(String key) {
        return value(key, "whole seconds", text -> Duration.ofSeconds(Long.parseLong(text)));
    }

    /** Seconds that may have a fraction ({@code 0.5}). */
    Duration fractionalSeconds(String key) {
        return value(key, "a number of seconds", text -> Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000)));
    }

    Duration millis(String key) {
        return value(key, "whole milliseconds", text -> Duration.ofMillis(Long.parseLong(text)));
    }

    /** One of an enum's constants, written as its label: lower case with dashes ({@code CLICKHOUSE_EMBEDDED} is clickhouse-embedded). */
    <E extends Enum<E>> E kind(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String labels = Arrays.stream(constants).map(ConfigReader::label).collect(Collectors.joining(", "));
        return value(key, "one of " + labels, text -> Arrays.stream(constants).filter(c -> label(c).equals(text))
                .findFirst().orElseThrow(IllegalArgumentException::new));
    }

    /** A value the yaml leaves out on purpose (its meaning then depends on others), such as {@code kafka.consume}. */
    Optional<Boolean> optionalFlag(String key) {
        return optional(key, "true or false", ConfigReader::bool);
    }

    Optional<Long> optionalWholeLong(String key) {
        return optional(key, "a whole number", Long::parseLong);
    }

    /** A value {@code parse} reads and checks (throwing for one out of range); {@code expected} says what it takes. */
    <T> T checked(String key, String expected, Function<String, T> parse) {
        return value(key, expected, parse);
    }

    /** The names one level under {@code key} in any layer: {@code limits.projects.<name>.…}. */
    Set<String> names(String key) {
        String under = prefix + key + ".";
        return layers.all().stream().map(ConfigLayers.Value::key).filter(k -> k.startsWith(under))
                .map(k -> k.substring(under.length())).filter(rest -> rest.contains("."))
                .map(rest -> rest.substring(0, rest.indexOf('.'))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Refuses what was read: every value that did not parse, and every key set that nothing asked for. */
    void refuseUnknown() {
        List<String> all = new ArrayList<>(problems);
        for (ConfigLayers.Value value : layers.all()) {
            if (!known.contains(value.key())) {
                List<String> notes = new ArrayList<>();
                value.setBy().ifPresent(notes::add);
                nearest(value).ifPresent(key -> notes.add("did you mean " + key + "?"));
                all.add("unknown configuration key \"" + value.key() + "\""
                        + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
            }
        }
        if (!all.isEmpty()) {
            throw new ConfigurationException(all);
        }
    }

    /** Every key read so far. */
    Set<String> known() {
        return Set.copyOf(known);
    }

    static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private <T> T value(String key, String expected, Function<String, T> parse) {
        String full = prefix + key;
        known.add(full);
        ConfigLayers.Value value = layers.find(full).orElseThrow(() -> new IllegalStateException(
                "application.yaml has no default for " + full));
        try {
            return parse.apply(value.text());
        } catch (RuntimeException e) {
            problems.add(full + " must be " + expected + ", not \"" + value.text() + "\"" + value.from());
            return parse.apply(layers.byDefault(full).orElseThrow(() -> e));
        }
    }

    private <T> Optional<T> optional(String key, String expected, Function<String, T> parse) {
        String full = prefix + key;
        known.add(full);
        return layers.find(full).flatMap(value -> {
            try {
                return Optional.of(parse.apply(value.text()));
            } catch (RuntimeException e) {
                problems.add(full + " must be " + expected + ", not \"" + value.text() + "\"" + value.from());
                return Optional.empty();
            }
        });
    }

    /** The known key nearest to a typo, written as the typo was ({@code TALLY_…} for an environment variable). */
    private Optional<String> nearest(ConfigLayers.Value typo) {
        return known.stream().filter(key -> distance(key, typo.key()) <= Math.max(2, typo.key().length() / 6))
                .min(Comparator.comparingInt(key -> distance(key, typo.key())))
                .map(key -> typo.origin() != null && typo.origin().startsWith(EnvironmentOverrides.PREFIX)
                        ? EnvironmentOverrides.variable(key) : key);
    }

    /** Levenshtein's edit distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(text);
    }

    private static int atLeastOne(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("below 1");
        }
        return value;
    }
}
