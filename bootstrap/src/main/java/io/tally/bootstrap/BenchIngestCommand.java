package io.tally.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tally.bootstrap.load.GeneratedBatches;
import io.tally.bootstrap.load.IngestLoad;
import io.tally.bootstrap.load.LoadReport;
import io.tally.bootstrap.load.StoredCount;
import io.tally.domain.sample.TrafficGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tally bench-ingest --url URL [--key KEY] [--rate N] (--duration D | --events N) …}: generated traffic sent to
 * a running server at an offered rate ({@link IngestLoad}), a progress line a second on standard error, the summary on
 * standard output (and as JSON with {@code --json FILE}); with {@code --verify}, then how long until the server
 * counted every accepted event of the run. Exit 0 when every event was answered (and, asked, counted), 1 when not,
 * 2 for a wrong argument.
 */
final class BenchIngestCommand {

    static final String USAGE = """
              bin/tally bench-ingest --url URL [--key KEY] [--rate EVENTS_PER_S] (--duration 60s | --events N)
                      [--batch 1000] [--concurrency 8] [--seed 1] [--days 1 | --live] [--project P] [--run ID]
                      [--verify [--read-key KEY] [--verify-timeout 300s]] [--json FILE]
                  send generated traffic to a running server's POST /v1/events (KEY: a write key) at a rate
                  (open-loop; 0 or absent: as fast as it goes), a progress line a second on standard error, a
                  summary on standard output (--json FILE: also as JSON); --verify then waits until the server
                  counts every accepted event (asked with --read-key, default KEY) and reports that rate;
                  --live times each batch's events when the batch is made (a live site), else they spread over --days
            """;

    private static final Set<String> VALUED = Set.of("url", "key", "read-key", "rate", "duration", "events", "batch",
            "concurrency", "seed", "days", "project", "run", "verify-timeout", "json");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smh]?)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How long Ctrl-C waits for the answers in flight and the summary before the JVM ends. */
    private static final Duration SUMMARY_AFTER_CTRL_C = Duration.ofSeconds(15);

    /** The command's arguments, checked. */
    record Arguments(URI url, Optional<String> key, Optional<String> readKey, double rate, Optional<Duration> duration,
                     Optional<Long> events, int batch, int concurrency, long seed, int days, Optional<String> project,
                     String runId, boolean verify, Duration verifyTimeout, Optional<Path> json, boolean live) {
    }

    /** A wrong argument, named. */
    static final class BadArgument extends Exception {
        BadArgument(String message) {
            super(message);
        }
    }

    private BenchIngestCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (BadArgument e) {
            err.print("bench-ingest: " + e.getMessage() + "\nusage:\n" + USAGE);
            return 2;
        }
        return run(arguments, out, err);
    }

    static int run(Arguments arguments, PrintStream out, PrintStream err) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long events = arguments.events().orElseGet(() -> arguments.rate() > 0 && arguments.duration().isPresent()
                ? (long) Math.ceil(arguments.rate() * arguments.duration().get().toMillis() / 1000.0) : Long.MAX_VALUE);
        TrafficGenerator.Settings traffic = new TrafficGenerator.Settings(events, arguments.days(), arguments.seed(), end,
                arguments.project().orElse("default"));
        err.println("bench-ingest: run " + arguments.runId() + " to " + arguments.url() + ": "
                + arguments.events().map(n -> String.format(Locale.ROOT, "%,d events", n)).orElse("events")
                + arguments.duration().map(d -> " for at most " + d.toSeconds() + " s").orElse("")
                + (arguments.rate() > 0 ? String.format(Locale.ROOT, " at %,.0f/s", arguments.rate()) : " as fast as it goes")
                + ", batches of " + arguments.batch() + ", " + arguments.concurrency() + " in flight at most"
                + (arguments.live() ? ", timed when each batch is made" : ", timed over the last " + arguments.days() + " day(s)"));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            IngestLoad load = new IngestLoad(client, new IngestLoad.Target(arguments.url(), arguments.key()),
                    new IngestLoad.Pace(arguments.rate(), arguments.concurrency(), arguments.duration()), err::println);
            CountDownLatch reported = new CountDownLatch(1);
            Thread summaryOnCtrlC = new Thread(() -> {
                load.interrupt();
                awaitQuietly(reported, SUMMARY_AFTER_CTRL_C);
            }, "bench-ingest-ctrl-c");
            Runtime.getRuntime().addShutdownHook(summaryOnCtrlC);
            try {
                return runLoad(arguments, traffic, load, client, out, err);
            } finally {
                reported.countDown();
                removeQuietly(summaryOnCtrlC);
            }
        }
    }

    /** Sends the traffic, counts it back when asked, and prints the summary (and writes it with --json). */
    private static int runLoad(Arguments arguments, TrafficGenerator.Settings traffic, IngestLoad load, HttpClient client,
            PrintStream out, PrintStream err) {
        Instant end = traffic.end();
        long started = System.nanoTime();
        LoadReport report = load.run(new GeneratedBatches(traffic, arguments.batch(), arguments.runId(), arguments.project(),
                arguments.live() ? Optional.of(Clock.systemUTC()) : Optional.empty()));
        if (arguments.verify() && report.abortedBecause().isEmpty()) {
            // live events are timed from the run's start (the second it began) to now
            Instant from = arguments.live() ? end : end.minus(Duration.ofDays(arguments.days()));
            Instant to = (arguments.live() ? Instant.now() : end).plus(Duration.ofMinutes(1));
            StoredCount count = new StoredCount(client, arguments.url(), arguments.readKey().or(arguments::key),
                    arguments.runId(), from, to);
            try {
                report = report.withStored(count.await(report.accepted(), started, arguments.verifyTimeout()));
            } catch (IOException e) {
                err.println("bench-ingest: the stored count could not be read: " + e.getMessage());
                out.print(report.text());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        out.print(report.text());
        if (arguments.json().isPresent()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("run", arguments.runId());
            file.put("url", arguments.url().toString());
            file.put("batch", arguments.batch());
            file.put("concurrency", arguments.concurrency());
            file.put("live", arguments.live());
            file.putAll(report.json());
            try {
                JSON.writeValue(arguments.json().get().toFile(), file);
            } catch (IOException e) {
                err.println("bench-ingest: cannot write " + arguments.json().get() + ": " + e.getMessage());
                return 1;
            }
        }
        boolean complete = report.abortedBecause().isEmpty() && report.failed() == 0
                && report.stored().map(LoadReport.Stored::complete).orElse(true);
        return complete ? 0 : 1;
    }

    private static void awaitQuietly(CountDownLatch latch, Duration atMost) {
        try {
            latch.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The hook is for this run only; while the JVM is already shutting down it cannot be removed, nor needs to be. */
    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    static Arguments parse(String[] args) throws BadArgument {
        Map<String, String> options = new HashMap<>();
        boolean verify = false;
        boolean live = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--verify")) {
                verify = true;
            } else if (arg.equals("--live")) {
                live = true;
            } else if (arg.startsWith("--") && VALUED.contains(arg.substring(2))) {
                if (i + 1 >= args.length) {
                    throw new BadArgument(arg + " needs a value");
                }
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new BadArgument(arg + " is not an argument of bench-ingest");
            }
        }
        if (!options.containsKey("url")) {
            throw new BadArgument("--url is required: the server's address, such as http://localhost:8080");
        }
        URI url = url(options.get("url"));
        Optional<Duration> duration = options.containsKey("duration")
                ? Optional.of(duration("--duration", options.get("duration"))) : Optional.empty();
        Optional<Long> events = options.containsKey("events")
                ? Optional.of(whole("--events", options.get("events"), 1, Long.MAX_VALUE)) : Optional.empty();
        if (duration.isEmpty() && events.isEmpty()) {
            throw new BadArgument("--duration or --events is required: when to stop (both: whichever comes first)");
        }
        double rate = options.containsKey("rate") ? rate(options.get("rate")) : 0;
        String runId = options.getOrDefault("run", "b" + Long.toString(System.currentTimeMillis(), 36));
        if (!runId.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new BadArgument("--run must be 1 to 40 letters, digits, _ or -, not " + runId);
        }
        if (live && options.containsKey("days")) {
            throw new BadArgument("--live and --days exclude each other: live events are timed when their batch is made");
        }
        Optional<String> project = Optional.ofNullable(options.get("project"));
        if (project.isPresent() && project.get().isBlank()) {
            throw new BadArgument("--project must not be blank");
        }
        return new Arguments(url, nonBlank("--key", options.get("key")), nonBlank("--read-key", options.get("read-key")),
                rate, duration, events,
                (int) whole("--batch", options.getOrDefault("batch", "1000"), 1, 1_000_000),
                (int) whole("--concurrency", options.getOrDefault("concurrency", "8"), 1, 10_000),
                whole("--seed", options.getOrDefault("seed", "1"), Long.MIN_VALUE, Long.MAX_VALUE),
                (int) whole("--days", options.getOrDefault("days", "1"), 1, 3_650),
                project, runId, verify,
                duration("--verify-timeout", options.getOrDefault("verify-timeout", "300s")),
                Optional.ofNullable(options.get("json")).map(Path::of), live);
    }

    private static URI url(String text) throws BadArgument {
        try {
            URI url = URI.create(text.replaceAll("/+$", ""));
            if (url.getHost() != null && url.getScheme() != null && url.getScheme().matches("https?")) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new BadArgument("--url is the server's address, such as http://localhost:8080, not " + text);
    }

    private static Optional<String> nonBlank(String flag, String value) throws BadArgument {
        if (value != null && value.isBlank()) {
            throw new BadArgument(flag + " must not be blank");
        }
        return Optional.ofNullable(value);
    }

    private static double rate(String text) throws BadArgument {
        try {
            double rate = Double.parseDouble(text.replace("_", ""));
            if (rate >= 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadArgument("--rate is events per second, 0 or more (0: as fast as it goes), not " + text);
    }

    private static long whole(String flag, String text, long min, long max) throws BadArgument {
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadArgument(flag + " must be a whole number from " + min + " to " + max + ", not " + text);
    }

    /** {@code 90}, {@code 90s}, {@code 5m} or {@code 1h}. */
    private static Duration duration(String flag, String text) throws BadArgument {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new BadArgument(flag + " is a positive time such as 90s, 5m or 1h, not " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
