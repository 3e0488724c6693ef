package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.MemoryDefinitions;
import io.tally.application.port.out.DefinitionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link DefinitionStore}, for the memory and DuckDB adapters; DuckDB keeps them across a restart. */
class DefinitionStoreContractTest {

    private static DuckDbStores duck;

    @BeforeAll
    static void open(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("definitions.duckdb")));
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    static Stream<DefinitionStore> stores() {
        return Stream.of(new MemoryDefinitions(), duck.definitionStore());
    }

    private static final Map<String, Object> BODY = Map.of("name", "cr", "expression", "conversions / visitors * 100",
            "nested", List.of(1L, "two", true, Map.of("three", new BigDecimal("3.5"))));

    @ParameterizedTest
    @MethodSource("stores")
    void saves_reads_lists_replaces_and_deletes(DefinitionStore store) {
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
    }

    @ParameterizedTest
    @MethodSource("stores")
    void projects_and_kinds_are_apart(DefinitionStore store) {
        String project = "p-" + UUID.randomUUID();
        store.put(project, "kpi", "x", Map.of("name", "x"));
        assertThat(store.get("other-" + project, "kpi", "x")).isEmpty();
        assertThat(store.get(project, "cohort", "x")).isEmpty();
        assertThat(store.list(project, "cohort")).isEmpty();
    }

    @Test
    void duckdb_keeps_definitions_across_a_restart(@TempDir Path dir) {
        Path file = dir.resolve("restart.duckdb");
        try (DuckDbStores first = DuckDbStores.open(DuckDbConfig.at(file))) {
            first.definitionStore().put("default", "cohort", "buyers", BODY);
        }
        try (DuckDbStores second = DuckDbStores.open(DuckDbConfig.at(file))) {
            assertThat(second.definitionStore().get("default", "cohort", "buyers")).contains(BODY);
        }
    }
}
