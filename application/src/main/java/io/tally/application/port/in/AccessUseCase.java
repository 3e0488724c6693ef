package io.tally.application.port.in;

import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;

import java.util.List;
import java.util.Optional;

/** API keys: who a request is (authenticate), and the keys of a project (create, list, rotate, revoke). */
public interface AccessUseCase {

    /** The key a presented text belongs to, if it is a live one. */
    Optional<ApiKey> authenticate(String presented);

    ApiKey.Issued create(String projectId, KeyKind kind);

    /** The project's keys, revoked ones included (no secrets: only their hashes are kept). */
    List<ApiKey> keys(String projectId);

    /** A new key of the same kind; the old one is revoked. Empty when the project has no such key. */
    Optional<ApiKey.Issued> rotate(String projectId, String keyId);

    boolean revoke(String projectId, String keyId);

    /** At the first start, the project's first admin key (empty when it already has keys). */
    Optional<ApiKey.Issued> firstAdminKey(String projectId);
}
