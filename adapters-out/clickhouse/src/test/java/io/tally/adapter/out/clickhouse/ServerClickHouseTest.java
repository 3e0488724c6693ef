package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server transport's own behaviour: values stay values, ClickHouse's errors come through, bad settings fail. */
class ServerClickHouseTest {

    private static ServerUnderTest server;
    private static ClickHouseTransport transport;

    @BeforeAll
    static void open() {
        server = ServerUnderTest.start();
        transport = server.stores().transport();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void hostile_values_stay_values_of_their_type() {
        String hostile = "x'); DROP TABLE events; -- ? \\ \t {p1:String}";
        String echoed = transport.query("SELECT {v:String} AS v, {n:Int64} + 1 AS n, length({a:Array(String)}) AS k, "
                        + "{a:Array(String)}[2] AS second", "JSONEachRow",
                Map.of("v", hostile, "n", "41", "a", ClickHouseLiterals.stringArray(List.of("it's", hostile))));
        assertThat(echoed.strip()).isEqualTo("{\"v\":\"x'); DROP TABLE events; -- ? \\\\ \\t {p1:String}\","
                + "\"n\":42,\"k\":2,\"second\":\"x'); DROP TABLE events; -- ? \\\\ \\t {p1:String}\"}");
        assertThat(transport.query("SELECT count() FROM events", "TSV").strip()).as("the table is still there").isNotEmpty();
    }

    @Test
    void output_is_the_text_the_embedded_engine_gives_for_each_format() {
        String sql = "SELECT number AS n, toString(number) || '\\t' AS s, [number, 2] AS a FROM numbers(3) ORDER BY n DESC";
        for (String format : List.of("TSV", "TSVRaw", "JSONEachRow")) {
            assertThat(transport.query(sql, format)).as(format).isEqualTo(ChdbLibrary.shared().query(sql, format));
        }
        assertThat(transport.query("SELECT 1 WHERE 0", "TSV")).isEmpty();
    }

    @Test
    void a_bad_statement_reports_clickhouses_own_message() {
        assertThatThrownBy(() -> transport.query("SELECT nope FROM events", "TSV"))
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> transport.query("SELECT toStartOfHour(now(), {zone:String})", "TSV",
                Map.of("zone", "Mars/Olympus"))).isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("Mars/Olympus");
    }

    @Test
    void a_placeholder_without_a_value_is_refused_before_anything_is_sent() {
        assertThatThrownBy(() -> transport.query("SELECT {missing:String}", "TSV"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{missing:String}");
    }

    @Test
    void settings_that_would_reach_sql_text_are_checked() {
        assertThatThrownBy(() -> transport.insertRowBinary("events; DROP TABLE events", new byte[0], "00112233445566778899"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> transport.insertRowBinary("events", new byte[0], "x' OR 1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickHouseServer("ftp://host:21", "default", null, null, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickHouseServer("http://host:8123", "tally; DROP", null, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
