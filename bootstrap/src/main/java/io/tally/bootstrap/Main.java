package io.tally.bootstrap;

import io.helidon.logging.common.LogConfig;
import io.tally.adapter.out.kafka.KafkaMessaging;
import io.tally.domain.sample.TrafficGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code tally} (or {@code tally serve}) runs the server; {@code tally generate} writes
 * generated traffic as NDJSON to standard output; {@code tally migrate} copies a DuckDB store into ClickHouse;
 * {@code tally bench-ingest} sends generated traffic to a running server at a rate and reports what it measured.
 */
public final class Main {

    private static final String USAGE = """
            usage (bin/tally finds a Java 25 and runs the jar; java -jar tally.jar takes the same commands on Java 25):
              bin/tally [serve]
                  run the server (configuration: application.yaml and TALLY_* environment variables)
              bin/tally generate --events N [--days D] [--seed S] [--end ISO-INSTANT] [--project P]
                  write N generated events as NDJSON to standard output (defaults: 30 days, seed 1,
                  ending at the start of the current hour, project "default")
              bin/tally migrate --from duckdb:FILE --to TARGET [--chdb-library LIB]
                  copy every event and saved definition from a DuckDB file to ClickHouse; TARGET is
                  clickhouse:http(s)://HOST:PORT[/DATABASE] (a server; database default tally; user and password from
                  TALLY_STORE_CLICKHOUSE_USER and _PASSWORD) or clickhouse:embedded[:DIR] (chDB, data in DIR, default
                  ./data/clickhouse); safe to run again, nothing is counted twice
              bin/tally dlq replay [--since ISO-INSTANT]
                  send the dead letters (since a time) back to the event topic after a fix (kafka.* configuration)
              bin/tally keys create --kind write|read|admin | list | rotate ID | revoke ID
                      [--url http://localhost:8080] [--admin-key KEY, or TALLY_ADMIN_KEY]
                  manage the API keys of a running server's project
              bin/tally health [--url http://127.0.0.1:8080]
                  exit 0 when the server at the URL is ready (/observe/health/ready), 1 when not: a container health check
            """ + BenchIngestCommand.USAGE;

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        try {
            run(command, args);
        } catch (ConfigurationException e) {
            // a typo in a key or a value: say which, without a stack trace
            System.err.println("tally: the configuration is refused:\n  " + String.join("\n  ", e.problems()));
            System.exit(2);
        }
    }

    private static void run(String command, String[] args) {
        switch (command) {
            case "serve" -> serve();
            case "generate" -> System.exit(generate(args, System.out, System.err));
            case "migrate" -> System.exit(Migrate.run(args, System.out, System.err, USAGE));
            case "dlq" -> System.exit(replayDeadLetters(args, System.out, System.err));
            case "keys" -> System.exit(KeysCommand.run(args, System.out, System.err, USAGE));
            case "health" -> System.exit(health(args, System.err));
            case "bench-ingest" -> System.exit(BenchIngestCommand.run(args, System.out, System.err));
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.print("unknown command: " + command + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static void serve() {
        LogConfig.configureRuntime();
        Tally tally = Tally.start(TallyConfig.load(System.getenv()));
        // SIGTERM and Ctrl-C: stop taking requests and write every accepted event before exiting
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("tally-shutdown").unstarted(tally::stop));
    }

    static int replayDeadLetters(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[1].equals("replay") || (args.length != 2 && (args.length != 4 || !args[2].equals("--since")))) {
            err.print(USAGE);
            return 2;
        }
        Optional<Instant> since;
        try {
            since = args.length == 4 ? Optional.of(Instant.parse(args[3])) : Optional.empty();
        } catch (RuntimeException e) {
            err.print("--since must be an ISO-8601 instant such as 2026-11-28T00:00:00Z\n");
            return 2;
        }
        TallyConfig config = TallyConfig.load(System.getenv());
        try (var messaging = KafkaMessaging.connect(config.kafka().messaging())) {
            out.println("replayed " + messaging.replay().replay(since) + " dead letters to " + config.kafka().messaging().topic());
            return 0;
        } catch (RuntimeException e) {
            err.println("replay failed: " + e.getMessage());
            return 1;
        }
    }

    static int generate(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.print("expected --name value pairs, got " + args[i] + "\n" + USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        TrafficGenerator.Settings settings;
        try {
            settings = new TrafficGenerator.Settings(
                    Long.parseLong(options.getOrDefault("events", "10000")),
                    Integer.parseInt(options.getOrDefault("days", "30")),
                    Long.parseLong(options.getOrDefault("seed", "1")),
                    options.containsKey("end") ? Instant.parse(options.get("end"))
                            : Instant.now().truncatedTo(ChronoUnit.HOURS),
                    options.getOrDefault("project", "default"));
        } catch (RuntimeException e) {
            err.print("bad option: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (var it = TrafficGenerator.events(settings).iterator(); it.hasNext(); ) {
                writer.write(EventJson.line(it.next()));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** The container health check: is the server at {@code --url} (default: this node's port) ready? */
    static int health(String[] args, PrintStream err) {
        String url = args.length >= 3 && args[1].equals("--url") ? args[2]
                : "http://127.0.0.1:" + TallyConfig.load(System.getenv()).server().port();
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3)).build()) {
            int status = client.send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                            + "/observe/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                err.println("not ready: HTTP " + status);
            }
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            err.println("not ready: " + Unreachable.describe(URI.create(url), e));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("not ready: --url is the server's address, such as http://127.0.0.1:8080, not " + url);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
