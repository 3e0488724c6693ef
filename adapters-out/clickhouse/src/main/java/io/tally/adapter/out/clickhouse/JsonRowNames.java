package io.tally.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * The column names of one {@code JSONEachRow} row, in the order ClickHouse wrote them: the keys of the top-level
 * object. A value may hold anything a string can (quotes, braces, {@code ":"}), so the text is walked, not matched.
 */
final class JsonRowNames {

    private JsonRowNames() {
    }

    static List<String> of(String row) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '"') {
                int end = endOfString(row, i);
                if (depth == 1 && end + 1 < row.length() && row.charAt(end + 1) == ':') {
                    names.add(unescaped(row.substring(i + 1, end)));
                }
                i = end;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return names;
    }

    /** The index of the quote closing the string opened at {@code start}. */
    private static int endOfString(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("an unclosed string in a JSON row");
    }

    /** Column names are plain identifiers in our statements; an escaped character is kept as itself. */
    private static String unescaped(String name) {
        return name.replaceAll("\\\\(.)", "$1");
    }
}
