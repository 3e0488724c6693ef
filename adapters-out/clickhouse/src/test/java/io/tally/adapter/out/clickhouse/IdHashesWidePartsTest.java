package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collision check reads a few columns of nearly every granule of id_hashes after each batch, which in a compact
 * part (every column in one file, the default under 10 MB) costs several times what it does in a wide one.
 */
class IdHashesWidePartsTest {

    @Test
    void a_batch_writes_its_id_hashes_in_a_wide_part() {
        ClickHouseStores stores = ChdbLibrary.freshStores();
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(500, 2, 21,
                Instant.parse("2026-11-20T00:00:00Z"), "default"));
        assertThat(stores.eventStore().append(events)).isEqualTo(500);
        assertThat(ChdbLibrary.shared().query("SELECT DISTINCT part_type FROM system.parts "
                + "WHERE database = currentDatabase() AND table = 'id_hashes' AND active", "TSV").strip()).isEqualTo("Wide");
    }
}
