package io.tally.bootstrap;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code TALLY_*} environment variables to configuration keys: drop the prefix, lower-case, {@code __}
 * becomes a dash and {@code _} a dot ({@code TALLY_STORE_MEMORY__LIMIT} is {@code store.memory-limit}).
 * Only the prefixed variables count, so an unrelated {@code PATH} never becomes configuration.
 */
final class EnvironmentOverrides {

    static final String PREFIX = "TALLY_";

    /**
     * Variables with the prefix that are not configuration: the keys command's admin key, and where the chDB fetch
     * script and the ClickHouse tests keep the engine. Every other {@code TALLY_*} variable must name a key.
     */
    static final Set<String> NOT_SETTINGS = Set.of("TALLY_ADMIN_KEY", "TALLY_CACHE", "TALLY_CHDB_LIB");

    private EnvironmentOverrides() {
    }

    /** The configuration keys the environment sets, with their values. */
    static Map<String, String> from(Map<String, String> environment) {
        Map<String, String> keys = new TreeMap<>();
        variables(environment).forEach((key, variable) -> keys.put(key, environment.get(variable)));
        return keys;
    }

    /** The configuration keys the environment sets, each with the variable that sets it. */
    static Map<String, String> variables(Map<String, String> environment) {
        Map<String, String> variables = new TreeMap<>();
        environment.keySet().forEach(name -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !NOT_SETTINGS.contains(name)) {
                variables.put(key(name.substring(PREFIX.length())), name);
            }
        });
        return variables;
    }

    static String key(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }

    /** The variable that sets {@code key}: {@code store.memory-limit} is {@code TALLY_STORE_MEMORY__LIMIT}. */
    static String variable(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
    }
}
