package io.tally.adapter.out.memory;

import io.tally.application.port.out.DefinitionStore;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link DefinitionStore}; each adapter's test extends it. */
public abstract class DefinitionStoreContract {

    protected static final Map<String, Object> BODY = Map.of("name", "cr", "expression", "conversions / visitors * 100",
            "nested", List.of(1L, "two", true, Map.of("three", new BigDecimal("3.5"), "text", "tab\there \"quoted\"\nline")));

    protected abstract DefinitionStore store();

    @Test
    void saves_reads_lists_replaces_and_deletes() {
        DefinitionStore store = store();
        String project = "p-" + UUID.randomUUID();
        assertThat(store.put(project, "kpi", "cr", BODY)).isFalse();
        assertThat(store.put(project, "kpi", "aov", Map.of("name", "aov"))).isFalse();
        assertThat(store.get(project, "kpi", "cr")).contains(BODY);
        assertThat(store.list(project, "kpi")).containsExactly(Map.of("name", "aov"), BODY);
        assertThat(store.put(project, "kpi", "cr", Map.of("name", "cr", "expression", "visitors"))).isTrue();
        assertThat(store.get(project, "kpi", "cr")).contains(Map.of("name", "cr", "expression", "visitors"));
        assertThat(store.delete(project, "kpi", "cr")).isTrue();
        assertThat(store.delete(project, "kpi", "cr")).isFalse();
        assertThat(store.get(project, "kpi", "cr")).isEmpty();
        assertThat(store.list(project, "kpi")).containsExactly(Map.of("name", "aov"));
        assertThat(store.put(project, "kpi", "cr", BODY)).isFalse();               // a deleted name can be used again
        assertThat(store.get(project, "kpi", "cr")).contains(BODY);
    }

    @Test
    void lists_every_entry_with_its_keys() {
        DefinitionStore store = store();
        String project = "p-" + UUID.randomUUID();
        store.put(project, "kpi", "a", Map.of("name", "a"));
        store.put(project, "cohort", "b", BODY);
        store.put(project, "cohort", "gone", Map.of("name", "gone"));
        store.delete(project, "cohort", "gone");
        assertThat(store.entries().stream().filter(e -> e.projectId().equals(project)).toList()).containsExactlyInAnyOrder(
                new DefinitionStore.Entry(project, "kpi", "a", Map.of("name", "a")),
                new DefinitionStore.Entry(project, "cohort", "b", BODY));
    }

    @Test
    void lists_one_kind_across_projects() {
        DefinitionStore store = store();
        String kind = "k" + UUID.randomUUID().toString().replace("-", "");
        String first = "p-" + UUID.randomUUID();
        String second = "p-" + UUID.randomUUID();
        store.put(first, kind, "a", Map.of("name", "a"));
        store.put(second, kind, "b", BODY);
        store.put(second, kind, "gone", Map.of("name", "gone"));
        store.delete(second, kind, "gone");
        store.put(first, "kpi", "other", Map.of("name", "other"));
        assertThat(store.entries(kind)).containsExactlyInAnyOrder(
                new DefinitionStore.Entry(first, kind, "a", Map.of("name", "a")),
                new DefinitionStore.Entry(second, kind, "b", BODY));
    }

    @Test
    void the_fingerprint_of_a_kind_changes_with_every_write_and_only_then() {
        DefinitionStore store = store();
        String project = "p-" + UUID.randomUUID();
        String empty = store.fingerprint(project, "api_key");
        assertThat(store.fingerprint(project, "api_key")).as("read twice, nothing written").isEqualTo(empty);
        Set<String> seen = new HashSet<>(List.of(empty));
        store.put(project, "api_key", "a", Map.of("id", "a", "revoked", false));
        assertThat(seen.add(store.fingerprint(project, "api_key"))).as("a new definition").isTrue();
        String one = store.fingerprint(project, "api_key");
        assertThat(store.fingerprint(project, "api_key")).isEqualTo(one);
        store.put(project, "api_key", "a", Map.of("id", "a", "revoked", true));
        assertThat(seen.add(store.fingerprint(project, "api_key"))).as("a replaced definition").isTrue();
        store.put(project, "api_key", "b", BODY);
        assertThat(seen.add(store.fingerprint(project, "api_key"))).as("another one").isTrue();
        store.delete(project, "api_key", "a");
        assertThat(seen.add(store.fingerprint(project, "api_key"))).as("a deleted one").isTrue();
    }

    @Test
    void projects_and_kinds_are_apart() {
        DefinitionStore store = store();
        String project = "p-" + UUID.randomUUID();
        store.put(project, "kpi", "x", Map.of("name", "x"));
        assertThat(store.get("other-" + project, "kpi", "x")).isEmpty();
        assertThat(store.get(project, "cohort", "x")).isEmpty();
        assertThat(store.list(project, "cohort")).isEmpty();
    }
}
