package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * chDB takes whatever waits on the process's stdin as an INSERT's data. The embedded engine gives the process an
 * empty stdin first ({@link StdinForChdb}), so a server started from a pipe (or a test JVM, whose stdin carries
 * Maven's commands) inserts exactly what its statements say.
 */
class ChdbStdinTest {

    @Test
    void inserts_ignore_bytes_waiting_on_the_processes_stdin(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), InsertsBesideAWaitingStdin.class.getName(),
                ChdbLibrary.path().toString(), dir.resolve("data").toString()))
                .redirectErrorStream(true)
                .start();
        // written before the engine starts and never read by the child itself: waiting at every INSERT
        OutputStream stdin = child.getOutputStream();
        stdin.write("7\n8\n9\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child ends").isTrue();
        stdin.close();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("rows 3");
    }
}
