package io.tally.adapter.in.kafka;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.domain.event.InvalidUtf8;
import io.tally.domain.event.SubmittedEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A record's value (one event as JSON, as {@code POST /v1/events} takes it) as a submitted event. */
final class RecordDecoder {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RecordDecoder() {
    }

    static SubmittedEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            return new SubmittedEvent.Unreadable("the record has no value");
        }
        // before parsing: a JSON reader decodes some ill-formed bytes into other text and misreports others
        Optional<InvalidUtf8> invalid = InvalidUtf8.find(value, 0, value.length);
        if (invalid.isPresent()) {
            return new SubmittedEvent.Unreadable(invalid.get().field(), invalid.get().message());
        }
        // read from its tokens, not a tree: a tree turns a number past a double's range (1e400) into Infinity, which
        // no decimal holds, and that failed every poll of the record; the token keeps its exact digits
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new SubmittedEvent.Unreadable("the record is not a JSON object");
            }
            Map<String, Object> fields = object(parser);
            if (parser.nextToken() != null) {
                return new SubmittedEvent.Unreadable("the record holds content after its JSON object");
            }
            return new SubmittedEvent.Fields(fields);
        } catch (JacksonException e) {
            return new SubmittedEvent.Unreadable("the record is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new SubmittedEvent.Unreadable("the record could not be read: " + e.getMessage());
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
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + parser.currentToken());
        };
    }
}
