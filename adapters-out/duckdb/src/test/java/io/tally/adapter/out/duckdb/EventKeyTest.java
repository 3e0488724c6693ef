package io.tally.adapter.out.duckdb;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The event key as Java computes it at ingest equals DuckDB's {@link EventKey#SQL}, which the migration used. */
class EventKeyTest {

    private static final List<List<String>> PAIRS = List.of(
            List.of("default", "e1"),
            List.of("", ""),
            List.of("ab", "c"),
            List.of("a", "bc"),
            List.of("1:", "x"),
            List.of("1", ":x"),
            List.of("café ☕", "𝄞 ' \" \\ \n -- ;"),
            List.of("p\u0000q", "e\u0000"));

    private static BigInteger unsigned(EventKey key) {
        return new BigInteger(Long.toUnsignedString(key.upper())).shiftLeft(Long.SIZE)
                .add(new BigInteger(Long.toUnsignedString(key.lower())));
    }

    @Test
    void java_and_duckdb_compute_the_same_key_for_every_pair() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement sql = connection.prepareStatement(
                     "SELECT CAST(" + EventKey.SQL + " AS VARCHAR) FROM (SELECT CAST(? AS VARCHAR) AS project_id, CAST(? AS VARCHAR) AS event_id)")) {
            for (List<String> pair : PAIRS) {
                sql.setString(1, pair.get(0));
                sql.setString(2, pair.get(1));
                try (ResultSet rs = sql.executeQuery()) {
                    rs.next();
                    assertThat(unsigned(EventKey.of(pair.get(0), pair.get(1))).toString()).as(pair.toString()).isEqualTo(rs.getString(1));
                }
            }
        }
    }

    @Test
    void pairs_that_concatenate_alike_get_different_keys() {
        assertThat(EventKey.of("ab", "c")).isNotEqualTo(EventKey.of("a", "bc"));
        assertThat(EventKey.of("1:", "x")).isNotEqualTo(EventKey.of("1", ":x"));
    }

    @Test
    void a_test_keying_keeps_only_the_low_bits() {
        EventKey full = EventKey.of("default", "e1");
        assertThat(new EventKeying(0).of("default", "e1")).isEqualTo(new EventKey(0, 0));
        assertThat(new EventKeying(4).of("default", "e1")).isEqualTo(new EventKey(full.lower() & 0xF, 0));
        assertThat(new EventKeying(64).of("default", "e1")).isEqualTo(new EventKey(full.lower(), 0));
        assertThat(new EventKeying(65).of("default", "e1")).isEqualTo(new EventKey(full.lower(), full.upper() & 1));
        assertThat(EventKeying.FULL.of("default", "e1")).isEqualTo(full);
    }
}
