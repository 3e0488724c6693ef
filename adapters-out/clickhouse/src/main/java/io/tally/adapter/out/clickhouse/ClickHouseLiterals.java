package io.tally.adapter.out.clickhouse;

import java.util.List;

/** ClickHouse's text forms of parameter values (the value channel, not the SQL text). */
final class ClickHouseLiterals {

    private ClickHouseLiterals() {
    }

    /** An Array(String) parameter value: {@code ['a','b']}, quotes and backslashes escaped. */
    static String stringArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('\'').append(values.get(i).replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
        return out.append(']').toString();
    }

    /** ClickHouse's TSV output as rows of fields, unescaped, {@code \N} as null. */
    static List<List<String>> tsvRows(String answer) {
        List<List<String>> rows = new java.util.ArrayList<>();
        answer.lines().filter(line -> !line.isEmpty()).forEach(line -> {
            List<String> fields = new java.util.ArrayList<>();
            for (String field : line.split("\t", -1)) {
                fields.add(field.equals("\\N") ? null : unescapeTsv(field));
            }
            rows.add(fields);
        });
        return rows;
    }

    /** Reverses TSV output escaping of one field. */
    static String unescapeTsv(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
