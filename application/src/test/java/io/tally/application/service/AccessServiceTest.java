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
 * Authentication does the same work whatever the key id: the store is asked only for its fingerprint of the key
 * records (no id enters it), the id is looked up in memory, and the presented secret is compared once, with the
 * key's hash or a dummy one, so an unknown id is not answered sooner than a known one. Counted through the store and
 * the comparison seams, never timed.
 */
class AccessServiceTest {

    /** Every secret compared, with the key it was compared with. */
    private final List<String> compared = new ArrayList<>();
    /** Every call on the store. */
    private final List<String> storeCalls = new ArrayList<>();
    private final Definitions definitions = new Definitions(storeCalls);
    private final AccessService access = new AccessService(definitions, Clock.systemUTC(), (key, secret) -> {
        compared.add(key.id() + " " + key.secretHash());
        return key.matches(secret);
    });

    @Test
    void a_known_id_with_a_wrong_secret_and_an_unknown_id_take_the_same_steps() {
        String known = access.create("shop", KeyKind.READ).text();
        String knownId = ApiKey.parse(known).orElseThrow().id();
        access.authenticate(known); // the records are read once after a change
        List<List<String>> steps = new ArrayList<>();
        for (String presented : List.of("tly_" + knownId + "_" + "A".repeat(43), "tly_0123456789abcdef_" + "A".repeat(43))) {
            storeCalls.clear();
            compared.clear();
            assertThat(access.authenticate(presented)).isEmpty();
            steps.add(List.of(String.join("; ", storeCalls), String.valueOf(compared.size())));
        }
        // the store sees the same call, which no id enters, and the secret is compared once, either way
        assertThat(steps.get(0)).containsExactly("fingerprint *keys*/api_key", "1");
        assertThat(steps.get(1)).isEqualTo(steps.get(0));
    }

    @Test
    void a_revocation_counts_at_the_next_request_on_every_node() {
        AccessService otherNode = new AccessService(definitions, Clock.systemUTC());
        String known = access.create("shop", KeyKind.READ).text();
        String knownId = ApiKey.parse(known).orElseThrow().id();
        assertThat(access.authenticate(known)).isPresent();
        assertThat(otherNode.authenticate(known)).isPresent();
        assertThat(otherNode.revoke("shop", knownId)).isTrue();
        assertThat(access.authenticate(known)).as("revoked on another node").isEmpty();
        assertThat(otherNode.authenticate(known)).isEmpty();
        // a key made on one node is known on the other at once
        String made = otherNode.create("shop", KeyKind.WRITE).text();
        assertThat(access.authenticate(made)).isPresent();
    }

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

    /** Definitions in a map, enough for keys; the lookups of authentication are written down. */
    private static final class Definitions implements DefinitionStore {
        private final Map<String, Map<String, Object>> bodies = new TreeMap<>();
        private final List<String> calls;

        Definitions(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public String fingerprint(String projectId, String kind) {
            calls.add("fingerprint " + projectId + "/" + kind);
            return Integer.toString(bodies.hashCode());
        }

        @Override
        public boolean put(String projectId, String kind, String name, Map<String, Object> body) {
            calls.add("put");
            return bodies.put(projectId + "/" + kind + "/" + name, body) != null;
        }

        @Override
        public Optional<Map<String, Object>> get(String projectId, String kind, String name) {
            calls.add("get");
            return Optional.ofNullable(bodies.get(projectId + "/" + kind + "/" + name));
        }

        @Override
        public List<Map<String, Object>> list(String projectId, String kind) {
            calls.add("list");
            return bodies.entrySet().stream().filter(e -> e.getKey().startsWith(projectId + "/" + kind + "/"))
                    .map(Map.Entry::getValue).toList();
        }

        @Override
        public boolean delete(String projectId, String kind, String name) {
            calls.add("delete");
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
