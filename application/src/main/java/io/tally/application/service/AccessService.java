package io.tally.application.service;

import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Keys kept in the definition store (kind {@value #KIND}, under a namespace no project can name, so a key is found
 * by its id alone), only their secrets' hashes stored.
 */
public final class AccessService implements AccessUseCase {

    static final String KIND = "api_key";
    /** Project ids are validated names; this one cannot be a project's. */
    static final String NAMESPACE = "*keys*";

    /** What a presented secret is compared with when its id is unknown: a key whose secret nobody has. */
    private static final ApiKey NO_KEY = ApiKey.issue(NAMESPACE, KeyKind.READ, Instant.EPOCH).key();
    /** The key records as last read, and the store's fingerprint of them when they were read. */
    private record KnownKeys(String fingerprint, Map<String, ApiKey> byId) {
    }

    private final DefinitionStore store;
    private final Clock clock;
    private final BiPredicate<ApiKey, String> secretMatches;
    private volatile KnownKeys known = new KnownKeys("", Map.of());

    public AccessService(DefinitionStore store, Clock clock) {
        this(store, clock, ApiKey::matches);
    }

    /** {@code secretMatches} compares a presented secret with a key's hash (a seam for tests to count comparisons). */
    AccessService(DefinitionStore store, Clock clock, BiPredicate<ApiKey, String> secretMatches) {
        this.store = store;
        this.clock = clock;
        this.secretMatches = secretMatches;
    }

    /**
     * The key a text stands for. Every well-formed text costs the same work, whether its id is known, revoked or
     * unknown: the store is asked only for its fingerprint of the key records, which no id enters, the id is looked
     * up among the records in memory, and the secret is hashed and compared (in constant time) with the key's hash,
     * or a dummy one. So the time of an answer does not tell which ids exist (a lookup by id in the store did: one
     * that found nothing was cheaper). The records are read again whenever the fingerprint changes, so a revocation
     * on any node counts at the next request.
     */
    @Override
    public Optional<ApiKey> authenticate(String presented) {
        return ApiKey.parse(presented).flatMap(p -> {
            ApiKey key = current().byId().get(p.id());
            boolean matches = secretMatches.test(key == null ? NO_KEY : key, p.secret());
            return key != null && matches && !key.revoked() ? Optional.of(key) : Optional.empty();
        });
    }

    /** The key records as stored now: read again only when the store's fingerprint of them has changed. */
    private KnownKeys current() {
        String fingerprint = store.fingerprint(NAMESPACE, KIND); // first: a write after it only makes the next call read
        KnownKeys last = known;
        if (last.fingerprint().equals(fingerprint)) {
            return last;
        }
        synchronized (this) {
            if (!known.fingerprint().equals(fingerprint)) {
                Map<String, ApiKey> byId = new HashMap<>();
                store.list(NAMESPACE, KIND).stream().map(AccessService::key).forEach(k -> byId.put(k.id(), k));
                known = new KnownKeys(fingerprint, Map.copyOf(byId));
            }
            return known;
        }
    }

    @Override
    public synchronized ApiKey.Issued create(String projectId, KeyKind kind) {
        ApiKey.Issued issued = ApiKey.issue(projectId, kind, clock.instant());
        save(issued.key());
        return issued;
    }

    @Override
    public List<ApiKey> keys(String projectId) {
        return store.list(NAMESPACE, KIND).stream().map(AccessService::key).filter(k -> k.projectId().equals(projectId)).toList();
    }

    @Override
    public synchronized Optional<ApiKey.Issued> rotate(String projectId, String keyId) {
        return find(keyId).filter(k -> k.projectId().equals(projectId) && !k.revoked()).map(old -> {
            save(old.revoke());
            return create(projectId, old.kind());
        });
    }

    @Override
    public synchronized boolean revoke(String projectId, String keyId) {
        Optional<ApiKey> key = find(keyId).filter(k -> k.projectId().equals(projectId) && !k.revoked());
        key.ifPresent(k -> save(k.revoke()));
        return key.isPresent();
    }

    @Override
    public synchronized Optional<ApiKey.Issued> firstAdminKey(String projectId) {
        return keys(projectId).isEmpty() ? Optional.of(create(projectId, KeyKind.ADMIN)) : Optional.empty();
    }

    private Optional<ApiKey> find(String id) {
        return store.get(NAMESPACE, KIND, id).map(AccessService::key);
    }

    private void save(ApiKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key.id());
        body.put("project", key.projectId());
        body.put("kind", key.kind().label());
        body.put("secret_sha256", key.secretHash());
        body.put("created_at", key.createdAt().toString());
        body.put("revoked", key.revoked());
        store.put(NAMESPACE, KIND, key.id(), body);
    }

    private static ApiKey key(Map<String, Object> body) {
        return new ApiKey((String) body.get("id"), (String) body.get("project"),
                KeyKind.fromLabel((String) body.get("kind")).orElseThrow(), (String) body.get("secret_sha256"),
                Instant.parse((String) body.get("created_at")), Boolean.TRUE.equals(body.get("revoked")));
    }
}
