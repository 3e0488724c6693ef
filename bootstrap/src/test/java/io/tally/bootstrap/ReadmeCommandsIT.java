package io.tally.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's commands as a newcomer types them, in a shell whose {@code java} is Java 17 and with no
 * {@code JAVA_HOME}: the run command of "Two commands" builds the project and serves (on a copy of the repository,
 * so that the build under test is left alone), the test command's programs exist, and {@code bin/tally} runs the
 * jar's other commands. Before the launcher, the first start ended in {@code UnsupportedClassVersionError}.
 */
class ReadmeCommandsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin");
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", "data", "node_modules", ".idea");

    /** The ```sh blocks of the README's "Two commands" section: the run command, then the test command. */
    static List<String> twoCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n## Two commands\n");
        assertThat(start).as("README has a Two commands section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher blocks = Pattern.compile("```sh\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme.substring(start, end));
        List<String> commands = new ArrayList<>();
        while (blocks.find()) {
            commands.add(blocks.group(1).strip());
        }
        assertThat(commands).as("exactly two commands").hasSize(2);
        return commands;
    }

    /** A newcomer's environment: Java 17 first on the PATH, no JAVA_HOME, nothing of the build that runs this test. */
    private static Map<String, String> newcomer() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17.resolve("java")), "a Java 17 to put first on the PATH");
        Map<String, String> environment = new HashMap<>();
        for (String kept : List.of("HOME", "USER", "LANG", "TERM", "TMPDIR")) {
            if (System.getenv(kept) != null) {
                environment.put(kept, System.getenv(kept));
            }
        }
        environment.put("PATH", JAVA_17 + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process version = shell(ROOT, environment, "java -version").redirectErrorStream(true).start();
        String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(version.waitFor()).isZero();
        assertThat(said).as("java on this PATH").contains("version \"17");
        return environment;
    }

    private static ProcessBuilder shell(Path dir, Map<String, String> environment, String command) {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    @Test
    void the_run_command_builds_and_serves_with_java_17_first_on_the_path(@TempDir Path dir) throws Exception {
        Map<String, String> environment = newcomer();
        Path checkout = dir.resolve("tally");
        copySources(ROOT, checkout);
        int port = PackagedJar.freePort();
        environment.put("TALLY_SERVER_PORT", String.valueOf(port));
        environment.put("TALLY_SERVER_HOST", "127.0.0.1");
        Process server = shell(checkout, environment, twoCommands().get(0)).redirectErrorStream(true)
                .redirectOutput(checkout.resolve("server.log").toFile()).start();
        try {
            PackagedJar.awaitReady(server, port, checkout, Duration.ofMinutes(15)); // the build comes first
            Process health = shell(checkout, environment, "bin/tally health --url http://127.0.0.1:" + port)
                    .redirectErrorStream(true).start();
            assertThat(health.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(health.exitValue()).as(new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        } finally {
            server.descendants().forEach(ProcessHandle::destroy); // SIGTERM to the server the command started
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(checkout.resolve("server.log"))).doesNotContain("UnsupportedClassVersionError");
        assertThat(checkout.resolve("data/tally.duckdb")).as("the embedded default's store").exists();
    }

    @Test
    void the_test_command_names_programs_that_exist() throws Exception {
        String test = twoCommands().get(1);
        assertThat(test).contains("./mvnw verify");
        for (String part : test.split("&&")) {
            String program = part.strip().split("\\s+")[0];
            assertThat(ROOT.resolve(program)).as(program + " in " + test).isExecutable();
        }
    }

    @Test
    void bin_tally_runs_the_jar_commands_with_java_17_first_on_the_path() throws Exception {
        Process generate = shell(ROOT, newcomer(), "bin/tally generate --events 10 --seed 3 --end 2026-11-28T00:00:00Z")
                .start();
        String out = new String(generate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(generate.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(generate.waitFor()).as(err).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(10);
        for (String line : lines) {
            assertThat(Http.JSON.readTree(line).get("event_id").asText()).isNotBlank();
        }
        Process help = shell(ROOT, newcomer(), "bin/tally help").redirectErrorStream(true).start();
        assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("bin/tally generate");
        assertThat(help.waitFor()).isZero();
    }

    /** The repository's files without builds, data or history: what a fresh clone has. */
    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(p -> from.relativize(p).toString().isEmpty()
                            || StreamSupport.stream(from.relativize(p).spliterator(), false)
                            .noneMatch(part -> NOT_COPIED.contains(part.toString())))
                    .forEach(p -> {
                        Path target = to.resolve(from.relativize(p).toString());
                        try {
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                            }
                        } catch (NoSuchFileException gone) {
                            // a file another process removed while copying
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
