package io.tally.adapter.in.graphql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;

/** The adapter's JSON: cached answers in and out, and graphql-transport-ws messages. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers always serialize", e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("messages always serialize", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(byte[] json) {
        try {
            return MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("a cached answer is not JSON", e);
        }
    }

    /** A message as a map, or null when it is not a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readMessage(String text) {
        try {
            return MAPPER.readValue(text, Object.class) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (IOException e) {
            return null;
        }
    }
}
