package io.tally.adapter.in.websocket;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.validation.Violation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The live protocol's JSON: client messages as plain values, server messages written once. */
final class Messages {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Messages() {
    }

    /** A client message as a map of plain values, or empty when it is not a JSON object. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> read(String text) {
        try {
            return MAPPER.readValue(text, Object.class) instanceof Map<?, ?> map
                    ? Optional.of((Map<String, Object>) map) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message values always serialize", e);
        }
    }

    static String of(String type, Object... keyValues) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            message.put((String) keyValues[i], keyValues[i + 1]);
        }
        return write(message);
    }

    /** An answer message around an already written body, so that one body serves every client sharing it. */
    static String answer(String type, String id, String body) {
        return "{\"type\":" + write(type) + ",\"id\":" + write(id) + ",\"data\":" + body + "}";
    }

    static String error(String id, String code, String message, List<Violation> violations) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (!violations.isEmpty()) {
            error.put("violations", violations.stream().map(v -> Map.of("field", v.field(), "kind", v.kind().label(),
                    "message", v.message())).toList());
        }
        return id == null ? of("error", "error", error) : of("error", "id", id, "error", error);
    }
}
