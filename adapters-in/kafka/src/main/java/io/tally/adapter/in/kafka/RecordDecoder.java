package io.tally.adapter.in.kafka;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.JsonValues;
import io.tally.domain.event.SubmittedEvent;
import io.tally.domain.event.WireDecoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's value (one event as JSON, as {@code POST /v1/events} takes it) as a submitted event: the core's
 * {@link WireDecoder} (the rules of the wire format, shared with HTTP) over Jackson's token stream.
 */
final class RecordDecoder {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final WireDecoder WIRE = new WireDecoder(JacksonValues::open);

    private RecordDecoder() {
    }

    static SubmittedEvent decode(byte[] value) {
        return WIRE.record(value);
    }

    /**
     * Jackson's tokens read straight into plain values, never through a tree: a tree turns a number past a double's
     * range (1e400) into Infinity, which no decimal holds, and that failed every poll of the record; the token keeps
     * its exact digits. Its failures are named as the core's {@link JsonValues.Malformed}.
     */
    private static final class JacksonValues implements JsonValues {

        private interface Step<T> {
            T run() throws IOException;
        }

        private final JsonParser parser;

        private JacksonValues(JsonParser parser) {
            this.parser = parser;
        }

        static JsonValues open(byte[] text, int offset, int length) throws IOException {
            return new JacksonValues(read(() -> JSON.createParser(text, offset, length)));
        }

        @Override
        public Next next() throws IOException {
            JsonToken token = read(parser::nextToken);
            return token == null ? Next.END : switch (token) {
                case START_OBJECT -> Next.OBJECT;
                case START_ARRAY -> Next.ARRAY;
                case END_ARRAY -> Next.ARRAY_END;
                default -> Next.OTHER;
            };
        }

        @Override
        public Map<String, Object> object() throws IOException {
            return read(() -> object(parser));
        }

        @Override
        public void skip() throws IOException {
            read(parser::skipChildren);
        }

        @Override
        public void close() throws IOException {
            read(() -> {
                parser.close();
                return null;
            });
        }

        private static <T> T read(Step<T> step) throws IOException {
            try {
                return step.run();
            } catch (JacksonException e) {
                throw new Malformed(e.getOriginalMessage());
            }
        }

        /** The object whose START_OBJECT the parser is on, to its end, as plain values. */
        private static Map<String, Object> object(JsonParser parser) throws IOException {
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                parser.nextToken();
                map.put(name, plain(parser));
            }
            return map;
        }

        /** The value whose first token the parser is on: String, Long/BigInteger, BigDecimal, Boolean, null, Map, List. */
        private static Object plain(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case START_OBJECT -> object(parser);
                case START_ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        list.add(plain(parser));
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
                default -> throw new JsonParseException(parser, "unexpected " + parser.currentToken());
            };
        }
    }
}
