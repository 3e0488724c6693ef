package io.tally.domain.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API key as stored: its public id, project, kind and the SHA-256 of its secret (the secret itself is shown once,
 * when made, and never kept). The text a client sends is {@code tly_<id>_<secret>}.
 */
public record ApiKey(String id, String projectId, KeyKind kind, String secretHash, Instant createdAt, boolean revoked) {

    private static final Pattern TEXT = Pattern.compile("tly_([a-f0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new key and its text, to be shown once. */
    public record Issued(ApiKey key, String text) {
    }

    public static Issued issue(String projectId, KeyKind kind, Instant now) {
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        return new Issued(new ApiKey(id, projectId, kind, hash(secret), now, false), "tly_" + id + "_" + secret);
    }

    /** The id and secret of a key text, if it has the shape of one. */
    public record Presented(String id, String secret) {
    }

    public static Optional<Presented> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(new Presented(m.group(1), m.group(2))) : Optional.empty();
    }

    /** Whether the secret is this key's, compared in constant time. */
    public boolean matches(String secret) {
        return MessageDigest.isEqual(secretHash.getBytes(StandardCharsets.US_ASCII), hash(secret).getBytes(StandardCharsets.US_ASCII));
    }

    public ApiKey revoke() {
        return new ApiKey(id, projectId, kind, secretHash, createdAt, true);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
