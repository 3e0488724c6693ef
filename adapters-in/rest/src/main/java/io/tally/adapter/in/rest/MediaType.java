package io.tally.adapter.in.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code Content-Type} as HTTP defines it (RFC 9110 8.3.1): type and subtype compared without case, parameters by
 * lower-case name, values unquoted. {@code APPLICATION/JSON; Charset="UTF-8"} is {@code application/json} in UTF-8.
 *
 * @param essence {@code type/subtype} in lower case
 */
record MediaType(String essence, Map<String, String> parameters) {

    static final MediaType JSON = new MediaType("application/json", Map.of());

    MediaType {
        parameters = Map.copyOf(parameters);
    }

    /** The media type a header names, or empty when it is not one. */
    static Optional<MediaType> parse(String header) {
        String[] parts = header.split(";");
        String essence = parts[0].trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0
                || essence.chars().anyMatch(c -> c <= ' ')) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (parameter.isEmpty()) {
                continue;
            }
            if (equals <= 0) {
                return Optional.empty();
            }
            String value = parameter.substring(equals + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            parameters.put(parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT), value);
        }
        return Optional.of(new MediaType(essence, parameters));
    }

    /** {@code application/json} or a {@code +json} type. */
    boolean isJson() {
        return essence.equals("application/json") || essence.endsWith("+json");
    }

    /** Whether the text is UTF-8: JSON is (RFC 8259 8.1), so a charset may only say so. */
    boolean isUtf8() {
        String charset = parameters.getOrDefault("charset", "utf-8").toLowerCase(Locale.ROOT);
        return charset.equals("utf-8") || charset.equals("utf8");
    }
}
