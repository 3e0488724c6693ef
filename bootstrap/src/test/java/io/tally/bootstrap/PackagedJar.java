package io.tally.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar started as a user starts it, in its own process, its output in {@code server.log}. */
final class PackagedJar {

    private PackagedJar() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code java [jvmOptions] -jar tally.jar} in {@code dir} on the port, with the TALLY_* environment. */
    static Process start(Path dir, int port, Map<String, String> environment, String... jvmOptions) throws IOException {
        Path jar = Path.of(System.getProperty("tally.jar", "target/tally.jar"));
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: the jar is built by the package phase");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("TALLY_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_SERVER_HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits until the server is ready; fails with its log if it dies or takes longer than {@code limit}. */
    static void awaitReady(Process server, int port, Path dir, Duration limit) throws IOException, InterruptedException {
        Http http = new Http(port);
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!server.isAlive()) {
                throw new AssertionError("the server died:\n" + Files.readString(dir.resolve("server.log")));
            }
            try {
                if (http.get("/observe/health/ready").status() == 200) {
                    return;
                }
            } catch (AssertionError notYet) {
                // connection refused while starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready in " + limit + ":\n" + Files.readString(dir.resolve("server.log")));
    }
}
