package io.tally.domain.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * A JSON text read one value at a time, each object as plain values (String, Long or BigInteger, BigDecimal, Boolean,
 * null, {@code Map<String,Object>}, {@code List}) with its numbers' exact digits and duplicate keys refused. Each
 * inbound adapter implements it over its JSON library's token stream; the {@link WireDecoder} holds the rules of the
 * wire format above it, since the core uses no JSON library.
 */
public interface JsonValues extends Closeable {

    /** Opens a reader over {@code length} bytes of UTF-8 from {@code offset}. */
    @FunctionalInterface
    interface Reader {
        JsonValues open(byte[] text, int offset, int length) throws IOException;
    }

    /** What the next token is. */
    enum Next {
        /** The start of an object. */
        OBJECT,
        /** The start of an array. */
        ARRAY,
        /** The end of the array being read. */
        ARRAY_END,
        /** Any other value: a string, number, boolean or null. */
        OTHER,
        /** The end of the text. */
        END
    }

    /** Moves to the next token. */
    Next next() throws IOException;

    /** The object whose start {@link #next} found, read to its end. */
    Map<String, Object> object() throws IOException;

    /** Passes over the value whose start {@link #next} found: an object or array to its end, nothing else. */
    void skip() throws IOException;

    /** The text is not JSON (or has a key twice); the message is the JSON reader's, without its position. */
    final class Malformed extends IOException {
        public Malformed(String message) {
            super(message);
        }
    }
}
