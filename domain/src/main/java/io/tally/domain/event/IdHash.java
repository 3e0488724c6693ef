package io.tally.domain.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit hash stores count user and session ids by: the first 8 bytes of MD5 over the id's UTF-8, read
 * little-endian as an unsigned number (held here in a {@code long}'s bits). Each engine computes the same value
 * from the stored text, which backfills use: DuckDB
 * {@code CAST(md5_number(x) % CAST(18446744073709551616 AS UHUGEINT) AS UBIGINT)}, ClickHouse
 * {@code reinterpretAsUInt64(substring(MD5(x), 1, 8))}. Two ids may share a hash (about 3 in a million projects
 * with 10 M ids each), so stores that count by it must detect that and fall back to the ids themselves.
 */
public final class IdHash {

    private IdHash() {
    }

    public static long of(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** The hash as the unsigned decimal the engines print. */
    public static String unsigned(long hash) {
        return Long.toUnsignedString(hash);
    }
}
