package io.tally.adapter.out.duckdb;

import io.tally.adapter.out.sql.Parameters;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The named parameters of one statement: every user value goes in here and the SQL only names it. */
final class SqlParams implements Parameters {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Binds a value under a fresh name and returns the placeholder ({@code :p3}). */
    String bind(Object value) {
        String name = "p" + values.size();
        values.put(name, value);
        return ":" + name;
    }

    @Override
    public String text(String value) {
        return bind(value);
    }

    @Override
    public String integer(long value) {
        return bind(value);
    }

    @Override
    public String number(String decimal) {
        return bind(new BigDecimal(decimal).doubleValue());
    }

    /** Binds a value under a fixed name that fixed SQL refers to ({@code zone}, {@code project}). */
    void put(String name, Object value) {
        values.put(name, value);
    }

    Map<String, Object> values() {
        return values;
    }
}
