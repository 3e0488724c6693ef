package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.memory.HostileValues;
import io.tally.domain.event.IdHash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash migration 10 computes in SQL is the one the writer computes in Java, on any text. */
class IdHashSqlTest {

    @Test
    void clickhouse_hashes_ids_as_id_hash_does() {
        List<String> ids = new ArrayList<>(List.of("", "\u0000", "a\u0000b", "usr-1-42", "café ☕ 𝄞", "𝄞", "e\u0301",
                "\u0301\u0302 combining first", "ses-1-ff", "x".repeat(10_000)));
        ids.addAll(HostileValues.VALUES);
        EmbeddedClickHouse engine = ChdbLibrary.shared();
        for (String id : ids) {
            assertThat(engine.query("SELECT toString(" + TypedEventsMigration.hash("{id:String}") + ")", "TSV",
                    Map.of("id", id)).strip()).as(id).isEqualTo(IdHash.unsigned(IdHash.of(id)));
        }
    }
}
