package io.tally.bootstrap;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps {@code TALLY_*} environment variables to configuration keys: drop the prefix, lower-case, {@code __}
 * becomes a dash and {@code _} a dot ({@code TALLY_STORE_MEMORY__LIMIT} is {@code store.memory-limit}).
 * Only the prefixed variables count, so an unrelated {@code PATH} never becomes configuration.
 */
final class EnvironmentOverrides {

    static final String PREFIX = "TALLY_";

    private EnvironmentOverrides() {
    }

    static Map<String, String> from(Map<String, String> environment) {
        Map<String, String> keys = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                keys.put(key(name.substring(PREFIX.length())), value);
            }
        });
        return keys;
    }

    static String key(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }
}
