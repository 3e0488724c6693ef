package io.tally.adapter.out.clickhouse;

/** ClickHouse refused a statement; the message is ClickHouse's own. */
public final class ClickHouseQueryException extends RuntimeException {
    public ClickHouseQueryException(String message) {
        super(message);
    }
}
