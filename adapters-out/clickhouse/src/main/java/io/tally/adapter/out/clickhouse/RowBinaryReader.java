package io.tally.adapter.out.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a {@code RowBinary} answer column by column, as {@link EventRows} writes one. */
final class RowBinaryReader {

    private final byte[] data;
    private int at;

    RowBinaryReader(byte[] data) {
        this.data = data;
    }

    boolean hasMore() {
        return at < data.length;
    }

    /** A String column's bytes as they are: their length as a varint, then the bytes. */
    byte[] bytes() {
        int length = (int) varint();
        byte[] bytes = Arrays.copyOfRange(data, at, at + length);
        at += length;
        return bytes;
    }

    String string() {
        int length = (int) varint();
        String value = new String(data, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    /** A UInt8 column. */
    int uint8() {
        return data[at++] & 0xff;
    }

    /** A UInt32 column, such as a DateTime's seconds. */
    long uint32() {
        return littleEndian(4);
    }

    /** A fixed number of bytes, such as a FixedString column. */
    byte[] fixed(int length) {
        byte[] bytes = Arrays.copyOfRange(data, at, at + length);
        at += length;
        return bytes;
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[at++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private long littleEndian(int width) {
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (long) (data[at++] & 0xff) << (8 * i);
        }
        return value;
    }
}
