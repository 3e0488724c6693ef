package io.tally.bootstrap;

import io.tally.adapter.out.clickhouse.ClickHouseServer;
import io.tally.adapter.out.clickhouse.ClickHouseStores;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.application.service.StoreMigration;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tally migrate --from duckdb:FILE --to clickhouse:embedded[:DIR] | clickhouse:http(s)://HOST:PORT[/DATABASE]}:
 * the growth path from the embedded default.
 */
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
        // the options over the environment as the server reads it (TALLY_STORE_CLICKHOUSE_USER, _PASSWORD, …)
        Map<String, String> overrides = new HashMap<>();
        if (options.containsKey("chdb-library")) {
            overrides.put("store.clickhouse.library", options.get("chdb-library"));
        }
        TallyConfig config = TallyConfig.read(overrides, System.getenv());
        Target target;
        try {
            target = Target.parse(to, config);
        } catch (IllegalArgumentException e) {
            err.print("--to " + to + ": " + e.getMessage() + "\n" + usage);
            return 2;
        }
        // the configured retention on both sides: nothing past it is copied, and the target's TTLs follow it
        try (DuckDbStores source = DuckDbStores.open(DuckDbConfig.at(Path.of(from.substring(7))), config.ingest().retention(),
                Clock.systemUTC());
             ClickHouseStores clickhouse = target.open()) {
            StoreMigration.Result result = new StoreMigration(source.eventArchive(), source.definitionStore(),
                    clickhouse.eventStore(), clickhouse.definitionStore()).run();
            out.printf("migrated %d events (%d new in the target) and %d definitions from %s to ClickHouse at %s%n",
                    result.eventsRead(), result.eventsStored(), result.definitions(), from.substring(7), target.where());
            return 0;
        } catch (RuntimeException e) {
            err.println("migration failed: " + e.getMessage());
            return 1;
        }
    }

    /** Where the events go: the engine embedded in a folder, or a server (user and password from the configuration). */
    private record Target(String where, Supplier<ClickHouseStores> opener) {

        static Target parse(String to, TallyConfig config) {
            if (to.equals("clickhouse:embedded") || to.startsWith("clickhouse:embedded:")) {
                Path dir = to.equals("clickhouse:embedded") ? Path.of("./data/clickhouse") : Path.of(to.substring(20));
                return new Target(dir.toAbsolutePath().toString(), () -> ClickHouseStores.embedded(config.store().clickhouse().chdbLibrary(), dir,
                        config.ingest().retention(), Clock.systemUTC()));
            }
            if (to.startsWith("clickhouse:http://") || to.startsWith("clickhouse:https://")) {
                URI uri = URI.create(to.substring(11));
                String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
                String base = uri.getScheme() + "://" + uri.getAuthority();
                ClickHouseServer server = config.store().clickhouse().server(base, path.isEmpty() ? "tally" : path);
                return new Target(server.toString(), () -> ClickHouseStores.server(server, config.ingest().retention(),
                        Clock.systemUTC()));
            }
            throw new IllegalArgumentException("must be clickhouse:embedded[:DIR] or clickhouse:http(s)://HOST:PORT[/DATABASE]");
        }

        ClickHouseStores open() {
            return opener.get();
        }
    }
}
