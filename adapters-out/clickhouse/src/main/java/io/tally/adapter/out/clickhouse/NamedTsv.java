package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.ResultRow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse's {@code TSVWithNames} answer as rows read by column name: the header row names the fields, so a reader
 * asks for {@code events}, never for the field after the keys.
 */
final class NamedTsv {

    /** The output format whose first row names the columns. */
    static final String FORMAT = "TSVWithNames";

    private NamedTsv() {
    }

    /** The answer's rows after its header (none when the answer is empty). */
    static List<ResultRow> rows(String answer) {
        List<List<String>> lines = ClickHouseLiterals.tsvRows(answer);
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> index = new HashMap<>();
        List<String> names = lines.getFirst();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return lines.subList(1, lines.size()).stream().<ResultRow>map(fields -> new Row(index, fields)).toList();
    }

    private record Row(Map<String, Integer> index, List<String> fields) implements ResultRow {
        @Override
        public String text(String column) {
            Integer at = index.get(column);
            if (at == null) {
                throw new IllegalArgumentException("no column " + column + " in the answer, only " + index.keySet());
            }
            return fields.get(at);
        }
    }
}
