package io.tally.application.service;

import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.access.ApiKey;
import io.tally.domain.access.KeyKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication does the same work whatever the key id: the presented secret is compared once with a hash, the
 * stored key's or a dummy one, so an unknown id is not answered sooner than a known one. Counted through the
 * comparison seam, never timed.
 */
class AccessServiceTest {

    /** Every secret compared, with the hash it was compared with. */
    private final List<String> compared = new ArrayList<>();
    private final AccessService access = new AccessService(new Definitions(), Clock.systemUTC(), (key, secret) -> {
        compared.add(key.secretHash());
        return key.matches(secret);
    });

    private static String secretOf(String text) {
        return ApiKey.parse(text).orElseThrow().secret();
    }

    @Test
    void an_unknown_id_costs_one_comparison_like_a_known_one() {
        String known = access.create("shop", KeyKind.READ).text();
        String knownId = ApiKey.parse(known).orElseThrow().id();
        String unknown = "tly_" + "0123456789abcdef" + "_" + secretOf(known);

        assertThat(access.authenticate(known)).isPresent();
        assertThat(compared).hasSize(1);
        assertThat(access.authenticate(known.substring(0, known.length() - 1) + (known.endsWith("A") ? "B" : "A"))).isEmpty();
        assertThat(compared).hasSize(2);
        assertThat(access.authenticate(unknown)).isEmpty();
        assertThat(compared).as("the miss path hashes and compares the secret too").hasSize(3);
        assertThat(compared.get(2)).as("with a hash no stored key has").isNotEqualTo(compared.get(0));

        // a revoked key is compared too before it is refused
        access.revoke("shop", knownId);
        assertThat(access.authenticate(known)).isEmpty();
        assertThat(compared).hasSize(4);
        // text that is not a key at all is refused before any lookup
        assertThat(access.authenticate("tly_nope")).isEmpty();
        assertThat(compared).hasSize(4);
    }

    /** Definitions in a map, enough for keys. */
    private static final class Definitions implements DefinitionStore {
        private final Map<String, Map<String, Object>> bodies = new TreeMap<>();

        @Override
        public boolean put(String projectId, String kind, String name, Map<String, Object> body) {
            return bodies.put(projectId + "/" + kind + "/" + name, body) != null;
        }

        @Override
        public Optional<Map<String, Object>> get(String projectId, String kind, String name) {
            return Optional.ofNullable(bodies.get(projectId + "/" + kind + "/" + name));
        }

        @Override
        public List<Map<String, Object>> list(String projectId, String kind) {
            return bodies.entrySet().stream().filter(e -> e.getKey().startsWith(projectId + "/" + kind + "/"))
                    .map(Map.Entry::getValue).toList();
        }

        @Override
        public boolean delete(String projectId, String kind, String name) {
            return bodies.remove(projectId + "/" + kind + "/" + name) != null;
        }

        @Override
        public List<Entry> entries() {
            return List.of();
        }

        @Override
        public List<Entry> entries(String kind) {
            return List.of();
        }
    }
}
