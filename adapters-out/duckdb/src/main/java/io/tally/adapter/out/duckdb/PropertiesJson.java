package io.tally.adapter.out.duckdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tally.application.port.out.StoreException;
import io.tally.domain.event.PropertyValue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Properties as the {@code properties} JSON column holds them: flat keys, numbers written out in their own digits. */
final class PropertiesJson {

    private static final ObjectMapper WRITER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    // numbers of any length: ingest bounds them now, but one stored before (1e1000 written out in full) must still
    // come back, or every export and live view over its day would fail
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() {
    };

    private PropertiesJson() {
    }

    static String write(Map<String, PropertyValue> properties) {
        Map<String, Object> plain = new LinkedHashMap<>();
        properties.forEach((key, value) -> plain.put(key, value.plain()));
        try {
            return WRITER.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }

    /** The properties a stored JSON text holds, numbers exact (DuckDB's own JSON functions would read doubles). */
    static Map<String, PropertyValue> read(String json) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        try {
            Map<String, Object> plain = READER.readValue(json, PLAIN);
            plain.forEach((key, value) -> PropertyValue.fromPlain(value).ifPresent(v -> properties.put(key, v)));
        } catch (IOException e) {
            throw new StoreException("a stored event's properties are not JSON: " + e.getMessage(), e);
        }
        return properties;
    }
}
