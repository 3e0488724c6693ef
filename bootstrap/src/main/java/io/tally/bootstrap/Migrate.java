package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.service.StoreMigration;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code tally migrate --from duckdb:FILE --to clickhouse:embedded[:DIR]}: the growth path from the embedded default. */
final class Migrate {

    private Migrate() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, String usage) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.print("expected --name value pairs, got " + args[i] + "\n" + usage);
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String from = options.getOrDefault("from", "");
        String to = options.getOrDefault("to", "");
        if (!from.startsWith("duckdb:") || !Files.isRegularFile(Path.of(from.substring(7)))) {
            err.print("--from must be duckdb:FILE naming an existing DuckDB file, not '" + from + "'\n" + usage);
            return 2;
        }
        if (!to.equals("clickhouse:embedded") && !to.startsWith("clickhouse:embedded:")) {
            err.print(to.startsWith("clickhouse:") ? "--to " + to + ": only clickhouse:embedded[:DIR] is built so far "
                    + "(the HTTP transport to a ClickHouse server is not)\n" : "--to must be clickhouse:embedded[:DIR]\n" + usage);
            return 2;
        }
        Path target = to.equals("clickhouse:embedded") ? Path.of("./data/clickhouse") : Path.of(to.substring(20));
        TallyConfig config = TallyConfig.withOverrides(options.containsKey("chdb-library")
                ? Map.of("store.clickhouse.library", options.get("chdb-library")) : Map.of());
        try (DuckDbStores source = DuckDbStores.open(DuckDbConfig.at(Path.of(from.substring(7))));
             ClickHouseStores clickhouse = ClickHouseStores.embedded(config.chdbLibrary(), target)) {
            StoreMigration.Result result = new StoreMigration(source.eventArchive(), source.definitionStore(),
                    clickhouse.eventStore(), clickhouse.definitionStore()).run();
            out.printf("migrated %d events (%d new in the target) and %d definitions from %s to ClickHouse at %s%n",
                    result.eventsRead(), result.eventsStored(), result.definitions(), from.substring(7), target.toAbsolutePath());
            return 0;
        } catch (RuntimeException e) {
            err.println("migration failed: " + e.getMessage());
            return 1;
        }
    }
}
