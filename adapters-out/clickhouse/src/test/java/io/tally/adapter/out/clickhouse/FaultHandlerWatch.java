package io.tally.adapter.out.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Run in a JVM of its own by {@link ChdbCrashHandlersTest} (one chDB engine per process): starts chDB twice, with
 * {@code watch} while a watcher thread reads the fault signals' handlers over and over, and prints every handler it
 * saw (and those left after), as {@code signal=jvm} for the JVM's own and the address otherwise. Without signal
 * chaining a busy Java thread can meet a fault signal while chDB holds it and kill the process (the hazard the
 * chaining prevents), so that case starts chDB without the watcher and prints only what is left after.
 */
final class FaultHandlerWatch {

    private static final int[] FAULT_SIGNALS = {4, 7, 8, 11}; // SIGILL, SIGBUS, SIGFPE, SIGSEGV on Linux x86-64
    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private FaultHandlerWatch() {
    }

    /** Arguments: the library, a data folder, {@code watch} or {@code after}. */
    public static void main(String[] args) throws Exception {
        Path library = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        boolean watching = args[2].equals("watch");
        Map<Integer, Long> jvm = handlers();
        Set<String> seen = new ConcurrentSkipListSet<>();
        AtomicBoolean starting = new AtomicBoolean(watching);
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (starting.get()) {
                handlers().forEach((signal, handler) -> seen.add(signal + "=" + (handler.equals(jvm.get(signal)) ? "jvm" : Long.toHexString(handler))));
            }
        });
        try {
            start(library, dir.resolve("first")); // the first start in a process turns chDB's crash handlers off
            start(library, dir.resolve("second"));
        } finally {
            starting.set(false);
            watcher.join();
        }
        Set<String> after = new TreeSet<>();
        handlers().forEach((signal, handler) -> after.add(signal + "=" + (handler.equals(jvm.get(signal)) ? "jvm" : Long.toHexString(handler))));
        if (watching) {
            System.out.println("seen " + new TreeSet<>(seen));
        }
        System.out.println("after " + after);
        System.out.flush();
        Runtime.getRuntime().halt(0); // chDB's own exit handlers are not under test
    }

    private static void start(Path library, Path dir) {
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(library, dir)) {
            engine.query("SELECT 1", "TSV");
        }
    }

    /** The address of each fault signal's handler: the first field of {@code struct sigaction}. */
    private static Map<Integer, Long> handlers() {
        Map<Integer, Long> handlers = new TreeMap<>();
        try (Arena arena = Arena.ofConfined()) {
            for (int signal : FAULT_SIGNALS) {
                MemorySegment action = arena.allocate(256);
                if ((int) SIGACTION.invokeExact(signal, MemorySegment.NULL, action) != 0) {
                    throw new IllegalStateException("sigaction refused signal " + signal);
                }
                handlers.put(signal, action.get(JAVA_LONG, 0));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return handlers;
    }
}
