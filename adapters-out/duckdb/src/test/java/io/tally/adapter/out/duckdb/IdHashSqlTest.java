package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.memory.HostileValues;
import io.tally.domain.event.IdHash;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash the writer computes in Java is the one DuckDB computes from the stored text, which backfills rely on. */
class IdHashSqlTest {

    @Test
    void java_and_duckdb_hash_hostile_ids_alike() throws Exception {
        List<String> ids = new ArrayList<>(List.of("", "\u0000", "a\u0000b", "𝄞 astral 😀", "e\u0301 combining", "é",
                "Å\u030a\u0323", "usr-1-42", "ses-1-ff", "x".repeat(10_000)));
        ids.addAll(HostileValues.VALUES);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement sql = connection.prepareStatement(
                     "SELECT CAST(CAST(md5_number(?) % CAST(18446744073709551616 AS UHUGEINT) AS UBIGINT) AS VARCHAR)")) {
            for (String id : ids) {
                sql.setString(1, id);
                try (ResultSet rs = sql.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).as("hash of %s", id).isEqualTo(IdHash.unsigned(IdHash.of(id)));
                }
            }
        }
    }
}
