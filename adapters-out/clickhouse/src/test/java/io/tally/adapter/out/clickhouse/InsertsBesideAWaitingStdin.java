package io.tally.adapter.out.clickhouse;

import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link ChdbStdinTest}, whose stdin already holds bytes: opens the embedded engine and
 * runs both kinds of INSERT chDB would feed from stdin, then prints how many rows the table holds.
 */
final class InsertsBesideAWaitingStdin {

    private InsertsBesideAWaitingStdin() {
    }

    public static void main(String[] args) {
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(Path.of(args[0]), Path.of(args[1]))) {
            engine.query("CREATE TABLE numbers_seen (n UInt32) ENGINE = MergeTree ORDER BY n", "TSV");
            engine.query("INSERT INTO numbers_seen VALUES (1), (2)", "TSV");
            engine.query("INSERT INTO numbers_seen SELECT 3", "TSV");
            System.out.println("rows " + engine.query("SELECT count() FROM numbers_seen", "TSV").strip());
        }
    }
}
