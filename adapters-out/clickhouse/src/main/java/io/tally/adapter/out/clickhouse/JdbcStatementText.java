package io.tally.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with ClickHouse's {@code {name:Type}} placeholders, rewritten for JDBC: each placeholder
 * becomes a {@code ?} (cast to its type unless a string) and its value joins the positional list, which the
 * driver escapes. The SQL text never holds a value.
 */
record JdbcStatementText(String sql, List<Object> values, boolean returnsRows) {

    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*(?:--[^\\n]*\\n\\s*)*(\\w+)");

    static JdbcStatementText of(String sql, Map<String, String> parameters) {
        List<Object> values = new ArrayList<>();
        Matcher placeholder = ClickHouseLiterals.PLACEHOLDER.matcher(sql);
        StringBuilder rewritten = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String type = placeholder.group(2);
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("no value for the placeholder {" + name + ":" + type + "}");
            }
            values.add(parameters.get(name));
            placeholder.appendReplacement(rewritten, type.equals("String") ? "?" : "CAST(? AS " + type + ")");
        }
        placeholder.appendTail(rewritten);
        Matcher first = FIRST_WORD.matcher(sql);
        String word = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        return new JdbcStatementText(rewritten.toString(), List.copyOf(values), word.equals("SELECT") || word.equals("WITH"));
    }
}
