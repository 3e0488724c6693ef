package io.tally.adapter.out.clickhouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server-side parameters of one statement: the SQL names a typed placeholder, the value travels apart. */
final class ChParams {

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

    String text(String value) {
        return bind("String", value);
    }

    String int64(long value) {
        return bind("Int64", Long.toString(value));
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
