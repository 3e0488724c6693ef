package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster DDL in ops/clickhouse/cluster/schema.sql parses on the real engine, and its local tables have
 * exactly the columns, types and codecs of the single-node schema the adapter creates.
 */
class ClusterSchemaTest {

    private static final Path SCHEMA = Path.of("../../ops/clickhouse/cluster/schema.sql");
    private static EmbeddedClickHouse engine;
    private static List<String> statements;

    @BeforeAll
    static void load() throws IOException {
        ChdbLibrary.freshStores();
        engine = ChdbLibrary.shared();
        String text = Files.readString(SCHEMA).replaceAll("(?m)^--.*$", "");
        statements = Arrays.stream(text.split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void every_statement_parses() {
        assertThat(statements).hasSize(19); // eight local tables, eight Distributed ones, three views
        for (String statement : statements) {
            assertThat(engine.query("EXPLAIN AST " + statement, "TSV")).as(statement).isNotBlank();
        }
    }

    @Test
    void the_view_reads_the_revenue_column_as_the_single_node_schema_does() {
        String view = statements.stream().filter(s -> s.startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_hourly_mv")).findFirst().orElseThrow();
        assertThat(view.replaceAll("\\s+", " ")).contains("sumState(ifNull(revenue, toDecimal128(0, 6)))");
    }

    @Test
    void the_sessions_view_folds_events_as_the_single_node_schema_does() {
        String view = statements.stream().filter(s -> s.startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS session_fragments_mv"))
                .findFirst().orElseThrow();
        assertThat(view.replaceAll("\\s+", " "))
                .endsWith(" AS " + ClickHouseSql.sessionFragments("events_local").replaceAll("\\s+", " ").strip());
    }

    @Test
    void local_tables_match_the_single_node_schema() {
        engine.query("DROP DATABASE IF EXISTS cluster_check", "TSV");
        engine.query("CREATE DATABASE cluster_check", "TSV");
        for (String table : List.of("events", "rollup_hourly", "session_fragments", "definitions", "event_ids", "id_hashes",
                "hash_collisions", "visitor_sketches")) {
            String create = statements.stream().filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS " + table + "_local "))
                    .findFirst().orElseThrow();
            // the same table without replication, for this single engine
            String local = create.replace("IF NOT EXISTS " + table + "_local ON CLUSTER tally", "cluster_check." + table + "_local")
                    .replaceAll("ENGINE = Replicated(\\w+)\\('[^']*', '[^']*'(, (\\w+))?\\)", "ENGINE = $1($3)");
            engine.query(local, "TSV");
            assertThat(engine.query("DESCRIBE TABLE cluster_check." + table + "_local", "TSV"))
                    .as(table).isEqualTo(engine.query("DESCRIBE TABLE " + table, "TSV"));
        }
        engine.query("DROP DATABASE cluster_check", "TSV");
    }
}
