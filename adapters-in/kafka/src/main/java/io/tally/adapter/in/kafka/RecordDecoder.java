package io.tally.adapter.in.kafka;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
        try {
            JsonNode root = JSON.readTree(value);
            if (root == null || !root.isObject()) {
                return new SubmittedEvent.Unreadable("the record is not a JSON object");
            }
            return new SubmittedEvent.Fields(object(root));
        } catch (JacksonException e) {
            return new SubmittedEvent.Unreadable("the record is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new SubmittedEvent.Unreadable("the record could not be read: " + e.getMessage());
        }
    }

    private static Map<String, Object> object(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        return map;
    }

    private static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> object(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                node.forEach(element -> list.add(plain(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue()) : node.decimalValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> node.toString();
        };
    }
}
