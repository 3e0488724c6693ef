package io.tally.adapter.out.sql;

/**
 * Where a statement's user values go: each call binds one value under a fresh name and returns the placeholder the
 * SQL names it by. An interface each store's collector implements rather than one shared class, because the two
 * engines take values differently: DuckDB's client binds typed Java values to {@code :name}, ClickHouse takes every
 * value as text beside a placeholder that declares its type ({@code {name:Int64}}), and an array (one parameter for
 * a whole list) exists only there. The compiler needs no more than these three kinds; a dialect that needs more
 * (ClickHouse's text arrays) reads them from its own collector type.
 */
public interface Parameters {

    /** A text value. */
    String text(String value);

    /** A whole number. */
    String integer(long value);

    /** A number given as its decimal text (a {@code gt}/{@code lt} threshold), compared as a double. */
    String number(String decimal);
}
