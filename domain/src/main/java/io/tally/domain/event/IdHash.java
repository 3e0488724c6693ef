package io.tally.domain.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

    /** A digest per thread: looking one up by name took more than hashing a short id with it. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(IdHash::md5);
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private IdHash() {
    }

    public static long of(String id) {
        byte[] digest = MD5.get().digest(id.getBytes(StandardCharsets.UTF_8)); // digest() also resets it
        return (long) LITTLE_ENDIAN_LONG.get(digest, 0);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** The hash as the unsigned decimal the engines print. */
    public static String unsigned(long hash) {
        return Long.toUnsignedString(hash);
    }
}
