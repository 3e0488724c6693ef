package io.tally.application.service;

import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;

import java.time.Clock;
import java.time.Instant;
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
    private static final ApiKey NO_KEY = ApiKey.issue(NAMESPACE, KeyKind.READ, java.time.Instant.EPOCH).key();
    /**
     * The id of a key record kept beside the real ones (revoked, in no project, its secret nobody's) that an unknown
     * id finds instead, so that it is read, parsed and compared as a known id's record is. No presented text can
     * name it: key ids are 16 hexadecimal digits.
     */
    static final String STAND_IN = "stand-in-key-000";
    private static final ApiKey STAND_IN_KEY = new ApiKey(STAND_IN, NAMESPACE, KeyKind.READ, NO_KEY.secretHash(),
            Instant.EPOCH, true);

    private final DefinitionStore store;
    private final Clock clock;
    private final BiPredicate<ApiKey, String> secretMatches;

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
     * unknown: one lookup reads one stored key record (the id's own, or the stand-in's when the id is unknown), the
     * record is parsed, and the secret is hashed and compared (in constant time) with its hash, so the time of an
     * answer does not tell which ids exist. Nothing is cached: a revocation on any node counts at once.
     */
    @Override
    public Optional<ApiKey> authenticate(String presented) {
        return ApiKey.parse(presented).flatMap(p -> {
            Optional<DefinitionStore.Entry> found = store.getOrStandIn(NAMESPACE, KIND, p.id(), STAND_IN);
            if (found.isEmpty()) {
                standIn(); // a store without one yet (its first start makes it): the next lookups read it
            }
            ApiKey key = found.map(entry -> key(entry.body())).orElse(NO_KEY);
            boolean matches = secretMatches.test(key, p.secret());
            boolean known = found.isPresent() && found.get().name().equals(p.id());
            return known && matches && !key.revoked() ? Optional.of(key) : Optional.empty();
        });
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
        standIn();
        return keys(projectId).isEmpty() ? Optional.of(create(projectId, KeyKind.ADMIN)) : Optional.empty();
    }

    /** Keeps the stand-in record in the store (made once; every node may call it at start). */
    private synchronized void standIn() {
        if (store.get(NAMESPACE, KIND, STAND_IN).isEmpty()) {
            save(STAND_IN_KEY);
        }
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
