package io.tally.ops.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) started from the Kafka jars on this
 * classpath, on loopback: the storage is formatted once, the broker runs as a child process (so it can be killed
 * and restarted like a real one), and topics are created through the admin client. Used by the tests and by
 * {@code ops/kafka/start-kafka.sh}.
 */
public final class LocalKafka implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private Process process;

    private LocalKafka(Path dir, int port, int controllerPort, String classpath) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    /** Formats {@code dir} (kept if already formatted) and starts a broker on {@code port} (0 = a free one). */
    public static LocalKafka start(Path dir, int port) {
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        while (controllerPort == brokerPort) { // the OS may hand back the port it just gave out, once released
            controllerPort = freePort();
        }
        LocalKafka kafka = new LocalKafka(dir, brokerPort, controllerPort, brokerClasspath());
        kafka.format();
        kafka.startProcess();
        return kafka;
    }

    /** The Kafka jars the broker runs on, as the build resolved them (not the caller's classpath). */
    static String brokerClasspath() {
        try (var in = LocalKafka.class.getResourceAsStream("broker-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException("broker-classpath.txt is missing; build ops/kafka with Maven");
            }
            String classpath = new String(in.readAllBytes()).strip();
            for (String jar : classpath.split(File.pathSeparator)) {
                if (!Files.isRegularFile(Path.of(jar))) {
                    throw new IllegalStateException("a Kafka jar is missing: " + jar + "; run ./mvnw install -pl ops/kafka");
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private Path properties() {
        return dir.resolve("server.properties");
    }

    /** Log4j's settings for the broker and tools: INFO to standard output, which the broker's lands in broker.log. */
    private Path logConfiguration() {
        Path file = dir.resolve("log4j2.properties");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                Files.writeString(file, String.join("\n",
                        "appender.out.type=Console",
                        "appender.out.name=out",
                        "appender.out.layout.type=PatternLayout",
                        "appender.out.layout.pattern=[%d] %p %m (%c{1})%n",
                        "rootLogger.level=INFO",
                        "rootLogger.appenderRef.out.ref=out",
                        ""));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format() {
        try {
            Files.createDirectories(dir);
            Files.writeString(properties(), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false",
                    "") );
            if (Files.exists(dir.resolve("logs/meta.properties"))) {
                return;
            }
            run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", properties().toString(), "--ignore-formatted"), "format.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(List<String> mainAndArgs, String log) throws IOException {
        Process format = new ProcessBuilder(command(mainAndArgs)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed; see " + dir.resolve(log) + ":\n"
                        + Files.readString(dir.resolve(log)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> command(List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dlog4j2.configurationFile=" + logConfiguration(), "-cp", classpath));
        command.addAll(mainAndArgs);
        return command;
    }

    /** Starts (or restarts) the broker process and waits until it serves. */
    public synchronized void startProcess() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(command(List.of("kafka.Kafka", properties().toString())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                    .start();
            awaitReady(Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of Kafka's own tools (such as {@code org.apache.kafka.tools.ConsoleProducer}) to its end, feeding it {@code input}. */
    public String runTool(String mainClass, List<String> args, String input) {
        List<String> mainAndArgs = new ArrayList<>(List.of(mainClass));
        mainAndArgs.addAll(args);
        try {
            Process tool = new ProcessBuilder(command(mainAndArgs)).redirectErrorStream(true).start();
            try (var stdin = tool.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(tool.getInputStream().readAllBytes());
            if (!tool.waitFor(2, TimeUnit.MINUTES) || tool.exitValue() != 0) {
                throw new IllegalStateException(mainClass + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The broker log's last {@code lines} lines, for a test to show when something did not happen in time. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("broker.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(the broker log is unreadable: " + e + ")";
        }
    }

    /** Kills the broker without a clean shutdown (as a crash would). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited; see " + dir.resolve("broker.log"));
            }
            try (Socket socket = new Socket("127.0.0.1", port); Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("the Kafka broker did not start within " + timeout + "; see " + dir.resolve("broker.log"));
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Creates topics (existing ones are left as they are). */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("creating topic " + name + " failed: " + e.getCause(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics timed out", e);
        }
    }

    /**
     * The controller accepts a topic before the broker leads its partitions; a producer sending meanwhile can
     * see its records expire. Waits (up to a minute) until every partition has a leader.
     */
    private void awaitLeaders(Admin admin, String... names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                boolean led = admin.describeTopics(List.of(names)).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not described yet: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + List.of(names) + " have partitions without a leader after "
                        + "a minute; broker log:\n" + logTail(40));
            }
            Thread.sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code LocalKafka DIR [PORT] [TOPIC…]}: start a broker, create the topics, run until stopped. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : "./data/kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        LocalKafka kafka = start(dir, port);
        if (args.length > 2) {
            kafka.createTopics(3, Arrays.copyOfRange(args, 2, args.length));
        }
        System.out.println("Kafka (KRaft) serves on " + kafka.bootstrapServers() + "; data in " + dir.toAbsolutePath()
                + "; Ctrl-C stops it");
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        kafka.process.waitFor();
    }
}
