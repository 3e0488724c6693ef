package io.tally.adapter.in.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tally.domain.event.JsonValues;
import io.tally.domain.event.WireDecoder;

import java.io.IOException;
import java.util.Map;

/**
 * Request bodies as submitted events: the core's {@link WireDecoder} (the rules of the wire format, shared with
 * Kafka) over Jackson's token stream, read straight into plain values ({@link Json#readPlainObject}).
 */
final class EventDecoder {

    private static final WireDecoder WIRE = new WireDecoder(JacksonValues::open);

    private EventDecoder() {
    }

    /** One JSON object or an array of objects. */
    static WireDecoder.Decoded json(byte[] body) throws WireDecoder.UnreadableBody {
        return WIRE.json(body);
    }

    /** NDJSON: one object per line. */
    static WireDecoder.Decoded ndjson(byte[] body) {
        return WIRE.ndjson(body);
    }

    /** The REST adapter's strict mapper, its failures named as the core's {@link JsonValues.Malformed}. */
    private static final class JacksonValues implements JsonValues {

        private interface Step<T> {
            T run() throws IOException;
        }

        private final JsonParser parser;

        private JacksonValues(JsonParser parser) {
            this.parser = parser;
        }

        static JsonValues open(byte[] text, int offset, int length) throws IOException {
            return new JacksonValues(read(() -> Json.PLAIN_OBJECTS.createParser(text, offset, length)));
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
            return read(() -> Json.readPlainObject(parser));
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
    }
}
