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
 * Authentication does the same work whatever the key id: one lookup reads one stored key record (the id's own, or a
 * stand-in's when the id is unknown), the record is parsed, and the presented secret is compared once with its hash,
 * so an unknown id is not answered sooner than a known one. Counted through the store and the comparison seams,
 * never timed.
 */
class AccessServiceTest {

    /** Every secret compared, with the hash it was compared with. */
    private final List<String> compared = new ArrayList<>();
    /** Every call on the store: its method, and the id of the record it returned (or "nothing"). */
    private final List<String> storeCalls = new ArrayList<>();
    private final AccessService access = new AccessService(new Definitions(storeCalls), Clock.systemUTC(), (key, secret) -> {
        compared.add(key.id() + " " + key.secretHash());
        return key.matches(secret);
    });

    @Test
    void a_known_id_with_a_wrong_secret_and_an_unknown_id_take_the_same_steps() {
        access.firstAdminKey("shop"); // as every start does
        String known = access.create("shop", KeyKind.READ).text();
        String knownId = ApiKey.parse(known).orElseThrow().id();
        String wrongSecret = "tly_" + knownId + "_" + "A".repeat(43);
        String unknownId = "tly_0123456789abcdef_" + "A".repeat(43);

        List<List<String>> steps = new ArrayList<>();
        for (String presented : List.of(wrongSecret, unknownId)) {
            storeCalls.clear();
            compared.clear();
            assertThat(access.authenticate(presented)).isEmpty();
            steps.add(List.of(String.join("; ", storeCalls), String.join("; ", compared)));
        }
        // one lookup that returned a record, and one comparison with the hash of the record it returned
        assertThat(steps.get(0).get(0)).matches("getOrStandIn -> " + knownId);
        assertThat(steps.get(1).get(0)).matches("getOrStandIn -> " + AccessService.STAND_IN);
        assertThat(steps.get(0).get(1)).startsWith(knownId + " ");
        assertThat(steps.get(1).get(1)).startsWith(AccessService.STAND_IN + " ");
        // the stand-in is never a key: not listed, never accepted, whatever secret comes with an unknown id
        assertThat(access.keys("shop")).extracting(ApiKey::id).doesNotContain(AccessService.STAND_IN);
    }

    @Test
    void a_store_without_a_stand_in_gets_one_at_the_first_unknown_id() {
        String unknownId = "tly_0123456789abcdef_" + "A".repeat(43);
        assertThat(access.authenticate(unknownId)).isEmpty();
        storeCalls.clear();
        assertThat(access.authenticate(unknownId)).isEmpty();
        assertThat(storeCalls).containsExactly("getOrStandIn -> " + AccessService.STAND_IN);
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
        public Optional<Entry> getOrStandIn(String projectId, String kind, String name, String standIn) {
            String found = bodies.containsKey(projectId + "/" + kind + "/" + name) ? name : standIn;
            Optional<Entry> entry = Optional.ofNullable(bodies.get(projectId + "/" + kind + "/" + found))
                    .map(body -> new Entry(projectId, kind, found, body));
            calls.add("getOrStandIn -> " + entry.map(e -> (String) e.body().get("id")).orElse("nothing"));
            return entry;
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
