package io.tally.adapter.out.clickhouse;

import java.util.ArrayList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ClickHouse's text forms of parameter values (the value channel, not the SQL text). */
final class ClickHouseLiterals {

    /** A server-side parameter in a statement: {@code {name:Type}}. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9(), ]+)}");

    private ClickHouseLiterals() {
    }

    /** The declared type of each placeholder in a statement, by name. */
    static Map<String, String> placeholderTypes(String sql) {
        Map<String, String> types = new HashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(sql);
        while (placeholder.find()) {
            types.put(placeholder.group(1), placeholder.group(2));
        }
        return types;
    }

    /**
     * A parameter value as ClickHouse reads it for its declared type (as over HTTP): a scalar in the escaped text
     * form, or a backslash, tab or newline would be read as an escape or a field end; an array as its literal
     * ({@link #stringArray}), whose quoted elements carry their own escapes, which a second escaping would double
     * (an apostrophe made the statement fail, a backslash made a value match nothing).
     */
    static String parameterValue(String type, String value) {
        return type.startsWith("Array(") ? value : escaped(value);
    }

    /** An Array(String) parameter value: {@code ['a','b']}, each element quoted with every special character escaped. */
    static String stringArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('\'').append(escaped(values.get(i)).replace("'", "\\'")).append('\'');
        }
        return out.append(']').toString();
    }

    /** ClickHouse's escaped text form: backslash escapes for the backslash and the control characters it names. */
    static String escaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\0' -> escaped.append("\\0");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** ClickHouse's TSV output as rows of fields, unescaped, {@code \N} as null. */
    static List<List<String>> tsvRows(String answer) {
        List<List<String>> rows = new ArrayList<>();
        answer.lines().filter(line -> !line.isEmpty()).forEach(line -> {
            List<String> fields = new ArrayList<>();
            for (String field : line.split("\t", -1)) {
                fields.add(field.equals("\\N") ? null : unescapeTsv(field));
            }
            rows.add(fields);
        });
        return rows;
    }

    /** Reverses TSV output escaping of one field (ClickHouse escapes the backslash, the quote, \\b \\f \\n \\r \\t \\0). */
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
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
