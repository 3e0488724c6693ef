package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.DefinitionStoreContract;
import io.tally.application.port.out.DefinitionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DuckDB keeps definitions by the {@link DefinitionStoreContract}, and across a restart. */
class DefinitionStoreContractTest extends DefinitionStoreContract {

    private static DuckDbStores duck;

    @BeforeAll
    static void open(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("definitions.duckdb")));
    }

    @AfterAll
    static void close() {
        duck.close();
    }

    @Override
    protected DefinitionStore store() {
        return duck.definitionStore();
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
