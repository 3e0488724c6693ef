package io.tally.adapter.out.clickhouse;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The distinct keys of the kept visitor sketches, as {@code VisitorSketchesContract#keptSketchKeys} asks for them. */
final class ClickHouseSketchKeys {

    private ClickHouseSketchKeys() {
    }

    static Set<List<String>> of(ClickHouseTransport clickhouse) {
        return new HashSet<>(ClickHouseLiterals.tsvRows(clickhouse.query("""
                SELECT DISTINCT project_id, formatDateTime(hour, '%Y-%m-%dT%H:%i:%SZ', 'UTC'), toString(hours), event_type
                FROM visitor_sketches""", "TSV")));
    }
}
