package io.tally.adapter.out.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM takes SIGSEGV, SIGBUS, SIGILL and SIGFPE in normal work (safepoint polls, implicit null checks); if another
 * thread meets one while chDB has them at the default action, the whole process dies without a report (it happened
 * in the test suite when a second server started the embedded engine beside a running one). With the JVM's signal
 * chaining ({@code libjsig.so} preloaded) chDB can never take them away; without it, they are at least put back.
 */
class ChdbCrashHandlersTest {

    private static final Path LIBJSIG = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");

    @Test
    void with_signal_chaining_starting_chdb_never_takes_the_jvms_fault_handlers_away(@TempDir Path dir) throws Exception {
        assertThat(LIBJSIG).isRegularFile();
        assertThat(watch(dir, LIBJSIG.toString())).contains("seen [11=jvm, 4=jvm, 7=jvm, 8=jvm]");
    }

    @Test
    void without_signal_chaining_the_jvms_fault_handlers_are_put_back_after_chdb_starts(@TempDir Path dir) throws Exception {
        assertThat(watch(dir, "")).contains("after [11=jvm, 4=jvm, 7=jvm, 8=jvm]");
    }

    @Test
    void the_test_suite_runs_chdb_with_signal_chaining() {
        assertThat(JvmSignalHandlers.chained()).as("surefire's LD_PRELOAD in the parent pom").isTrue();
    }

    private static String watch(Path dir, String preload) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path data = Files.createDirectories(dir.resolve(preload.isEmpty() ? "plain" : "chained"));
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FaultHandlerWatch.class.getName(),
                ChdbLibrary.path().toString(), data.toString(), preload.isEmpty() ? "after" : "watch"))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        if (preload.isEmpty()) {
            env.remove("LD_PRELOAD");
        } else {
            env.put("LD_PRELOAD", preload);
        }
        Process watch = builder.start();
        String output = new String(watch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(watch.waitFor(2, TimeUnit.MINUTES)).as("the watch ends").isTrue();
        assertThat(watch.exitValue()).as(output).isZero();
        return output;
    }
}
