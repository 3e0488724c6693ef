package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The REST adapter's JSON: one strict mapper, and the translation of JSON trees to plain Java values. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // exact decimals: a cached answer re-read to mark it cached keeps 100.0 as 100.0, byte for byte as fresh
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /**
     * The mapper's parsers without Jackson's duplicate detection, which keeps a set of names per object:
     * {@link #readPlainObject} finds a duplicate in the map it fills anyway, and fails the same way.
     */
    static final JsonFactory PLAIN_OBJECTS = MAPPER.getFactory().copy()
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, false);

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response values always serialize", e);
        }
    }

    /** A value as compact JSON text (a nested value inside a CSV cell). */
    static String plainText(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    /** A cached answer's body with {@code meta.cached} set to true. */
    static byte[] markCached(byte[] body) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(body);
            ((ObjectNode) root.get("meta")).put("cached", true);
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a cached answer is not JSON", e);
        }
    }

    /**
     * The object whose {@code START_OBJECT} the parser is on, read to its end as plain values: the same as
     * {@code plainObject(MAPPER.readTree(…))}, without building the tree. Duplicate keys fail as there, in
     * Jackson's words, whether or not the parser looks for them itself.
     */
    static Map<String, Object> readPlainObject(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            int before = map.size();
            map.put(name, readPlain(parser));
            if (map.size() == before) {
                throw new JsonParseException(parser, "Duplicate field '" + name + "'");
            }
        }
        return map;
    }

    /**
     * One JSON value as plain values, read from its tokens: a tree would turn a number past a double's range
     * ({@code 1e400}) into Infinity, and there is no decimal of that; the token keeps its exact digits. Trailing
     * content after the value is refused, not ignored.
     */
    static Object readPlainValue(byte[] json) throws IOException {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readPlainValue(parser);
        }
    }

    /** As {@link #readPlainValue(byte[])}, from text (a query parameter). */
    static Object readPlainValue(String json) throws IOException {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return readPlainValue(parser);
        }
    }

    private static Object readPlainValue(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        Object value = readPlain(parser);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the JSON value");
        }
        return value;
    }

    /** The value whose first token the parser is on, as {@link #plain(JsonNode)} would give it. */
    private static Object readPlain(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> readPlainObject(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readPlain(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    /** A JSON object as a map of plain values: String, Long/BigInteger, BigDecimal, Boolean, null, Map, List. */
    static Map<String, Object> plainObject(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        return map;
    }

    /** Any JSON value as plain Java values. */
    static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> plainObject(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(plain(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : node.decimalValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> node.toString();
        };
    }
}
