package io.tally.adapter.out.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Keeps the JVM's own signal handlers across calls into chDB. The JVM relies on SIGSEGV, SIGBUS, SIGILL and
 * SIGFPE (implicit null checks, safepoint polls, stack banging); chDB installs crash handlers of its own, and
 * turning them off with {@code chdb_set_signal_handlers_enabled(0)} resets those signals to the default action,
 * which kills the JVM. So the handlers are saved with libc's {@code sigaction} before and restored after.
 * <p>
 * That leaves a window: chDB resets them again inside {@code chdb_connect} (about 150 ms), and a Java thread that
 * meets a safepoint poll then kills the process without a crash report (seen when a second server started the engine
 * beside a running one). Only the JVM's signal chaining closes it: with {@code libjsig.so} preloaded, a library's
 * {@code sigaction} on the JVM's signals is kept aside instead of installed. {@link #chained()} tells whether it is.
 */
final class JvmSignalHandlers implements AutoCloseable {

    /** Signals 1 to 31: every classic signal, whatever the JVM or a library set for it. */
    private static final int FIRST = 1;
    private static final int LAST = 31;
    /** Larger than glibc's struct sigaction (152 bytes on x86-64). */
    private static final long SIGACTION_BYTES = 256;
    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment[] saved = new MemorySegment[LAST + 1];

    private JvmSignalHandlers() {
    }

    /** Saves the current handler of every signal. */
    static JvmSignalHandlers save() {
        JvmSignalHandlers handlers = new JvmSignalHandlers();
        for (int signal = FIRST; signal <= LAST; signal++) {
            if (signal == 9 || signal == 19) {
                continue; // SIGKILL and SIGSTOP cannot be handled
            }
            MemorySegment old = handlers.arena.allocate(SIGACTION_BYTES);
            if (call(signal, MemorySegment.NULL, old) == 0) {
                handlers.saved[signal] = old;
            }
        }
        return handlers;
    }

    /** Puts every saved handler back. */
    @Override
    public void close() {
        for (int signal = FIRST; signal <= LAST; signal++) {
            if (saved[signal] != null) {
                call(signal, saved[signal], MemorySegment.NULL);
            }
        }
        arena.close();
    }

    /** Whether the JVM's signal chaining library is preloaded, so no library can replace the JVM's handlers. */
    static boolean chained() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libjsig");
    }

    private static int call(int signal, MemorySegment action, MemorySegment old) {
        try {
            return (int) SIGACTION.invokeExact(signal, action, old);
        } catch (Throwable e) {
            throw new IllegalStateException("sigaction failed: " + e.getMessage(), e);
        }
    }
}
