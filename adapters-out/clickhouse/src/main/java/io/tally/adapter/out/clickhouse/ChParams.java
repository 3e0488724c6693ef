package io.tally.adapter.out.clickhouse;

import io.tally.adapter.out.sql.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-side parameters of one statement: the SQL names a typed placeholder, the value travels apart as text.
 * It also carries the id columns the statement counts by, which the shared filters read as the user column.
 */
final class ChParams implements Parameters {

    private final Map<String, String> values = new LinkedHashMap<>();
    private IdColumns ids = IdColumns.HASHED;

    /** The id columns the statement counts by. */
    IdColumns ids() {
        return ids;
    }

    ChParams ids(IdColumns ids) {
        this.ids = ids;
        return this;
    }

    /** A fresh placeholder such as {@code {p3:String}} bound to {@code value}. */
    String bind(String type, String value) {
        String name = "p" + values.size();
        values.put(name, value);
        return "{" + name + ":" + type + "}";
    }

    @Override
    public String text(String value) {
        return bind("String", value);
    }

    String int64(long value) {
        return bind("Int64", Long.toString(value));
    }

    @Override
    public String integer(long value) {
        return int64(value);
    }

    /** The decimal's own text, read by the server as a Float64. */
    @Override
    public String number(String decimal) {
        return bind("Float64", decimal);
    }

    String texts(List<String> values) {
        return bind("Array(String)", ClickHouseLiterals.stringArray(values));
    }

    /** A parameter under a fixed name that fixed SQL refers to ({@code {zone:String}}). */
    void put(String name, String value) {
        values.put(name, value);
    }

    Map<String, String> values() {
        return values;
    }
}
