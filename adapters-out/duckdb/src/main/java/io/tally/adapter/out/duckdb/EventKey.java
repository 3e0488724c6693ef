package io.tally.adapter.out.duckdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fixed-width key that tells stored events apart (migration 9), in place of the (project id, event id) text
 * pair: MD5 over the UTF-8 of {@code <bytes in the project id>:<project id><event id>}, read little-endian as an unsigned
 * 128-bit number. The length prefix makes the pair's encoding unambiguous whatever the ids hold; MD5 is the hash the
 * store already uses for ids ({@code IdHash}) and DuckDB computes the same value from the stored text ({@link #SQL}),
 * which the migration uses. Two events share a key with a chance of about n²/2¹²⁹ among n stored events (1.5e-23 at
 * 100 M); the writer never lets such a pair drop an event silently ({@link EventKeyCollisions}).
 *
 * @param lower the low 64 bits (digest bytes 0–7, little-endian)
 * @param upper the high 64 bits (digest bytes 8–15, little-endian)
 */
record EventKey(long lower, long upper) {

    /** The key of a stored row, from its {@code project_id} and {@code event_id} columns ({@code strlen} counts bytes). */
    static final String SQL = "md5_number(concat(strlen(project_id), ':', project_id, event_id))";

    /** One digest per thread: {@code getInstance} looks the provider up on every call, and the writer keys every event. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    });

    static EventKey of(String projectId, String eventId) {
        byte[] project = projectId.getBytes(StandardCharsets.UTF_8);
        byte[] event = eventId.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (project.length + ":").getBytes(StandardCharsets.US_ASCII);
        MessageDigest md5 = MD5.get(); // digest() resets it for the next key
        md5.update(prefix);
        md5.update(project);
        ByteBuffer digest = ByteBuffer.wrap(md5.digest(event)).order(ByteOrder.LITTLE_ENDIAN);
        return new EventKey(digest.getLong(0), digest.getLong(8));
    }
}
