package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real ClickHouse engine, loaded in-process through FFM. */
class EmbeddedClickHouseTest {

    private static EmbeddedClickHouse clickhouse;

    @BeforeAll
    static void open() {
        clickhouse = ChdbLibrary.shared();
    }

    @Test
    void it_is_clickhouse_26_5() {
        assertThat(clickhouse.query("SELECT version()", "TSV").strip()).startsWith("26.5");
    }

    @Test
    void a_replacing_merge_tree_keeps_one_row_per_event_id_with_final() {
        clickhouse.query("""
                CREATE TABLE IF NOT EXISTS probe_events (
                    event_id String, ts DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD), event_type LowCardinality(String))
                ENGINE = ReplacingMergeTree ORDER BY event_id""", "TSV");
        clickhouse.query("INSERT INTO probe_events VALUES ('a', '2026-11-28 10:00:00', 'page_view'), ('b', '2026-11-28 10:00:01', 'page_view')", "TSV");
        clickhouse.query("INSERT INTO probe_events VALUES ('a', '2026-11-28 10:00:00', 'page_view')", "TSV");
        assertThat(clickhouse.query("SELECT count() FROM probe_events FINAL", "TSV").strip()).isEqualTo("2");
        assertThat(clickhouse.query("SELECT uniqExact(event_id) FROM probe_events", "TSV").strip()).isEqualTo("2");
    }

    @Test
    void time_zones_cut_hours_on_the_local_clock() {
        // 10:10 UTC is 15:40 in Kolkata (+05:30): the local hour starts 15:00 local, 09:30 UTC, as in Granularity
        String hour = clickhouse.query("SELECT toUnixTimestamp(toStartOfHour(toDateTime('2026-01-01 10:10:00', 'UTC'), "
                + "'Asia/Kolkata')), toStartOfHour(toDateTime('2026-01-01 10:10:00', 'UTC'), 'Asia/Kolkata')", "TSV").strip();
        assertThat(hour).isEqualTo(Instant.parse("2026-01-01T09:30:00Z").getEpochSecond() + "\t2026-01-01 15:00:00");
    }

    @Test
    void a_bad_statement_reports_clickhouses_own_message() {
        assertThatThrownBy(() -> clickhouse.query("SELEC 1", "TSV"))
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("Syntax error");
    }

    @Test
    void parameters_are_bound_by_the_engine_and_hostile_values_stay_values() {
        String hostile = "x'); DROP TABLE probe_events; --\ttab\\slash\nline";
        String echoed = clickhouse.query("SELECT {v:String} AS v", "JSONEachRow", Map.of("v", hostile));
        assertThat(echoed.strip()).isEqualTo("{\"v\":\"x'); DROP TABLE probe_events; --\\ttab\\\\slash\\nline\"}");
        String hour = clickhouse.query("SELECT toStartOfHour(toDateTime({ts:UInt32}, 'UTC'), {zone:String})", "TSV",
                Map.of("ts", "1767262200", "zone", "Asia/Kolkata")).strip();
        assertThat(hour).isEqualTo("2026-01-01 15:00:00");
        assertThatThrownBy(() -> clickhouse.query("SELECT toStartOfHour(now(), {zone:String})", "TSV",
                Map.of("zone", "Mars/Olympus"))).isInstanceOf(ClickHouseQueryException.class);
    }

    @Test
    void array_parameters_hold_quotes_backslashes_and_control_characters_as_they_are() {
        List<String> hostile = List.of("it's", "/back\\slash", "/\\N", "\\'", "tab\tnew\nline\b\f", "é😀");
        for (String value : hostile) {
            String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
            assertThat(clickhouse.query("SELECT has({a:Array(String)}, unhex({h:String})), hex({a:Array(String)}[1]), hex({v:String})",
                    "TSV", Map.of("a", ClickHouseLiterals.stringArray(List.of(value)), "h", hex, "v", value)).strip())
                    .as(value).isEqualToIgnoringCase("1\t" + hex + "\t" + hex);
        }
    }
}
