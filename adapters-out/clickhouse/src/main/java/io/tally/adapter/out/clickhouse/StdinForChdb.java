package io.tally.adapter.out.clickhouse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Gives the process an empty standard input before chDB starts. chDB, like clickhouse-local, looks at stdin during
 * every INSERT and takes whatever is waiting there as the insert's data (ClickHouse PR 96494): with stdin a pipe
 * that someone writes to, an {@code INSERT … SELECT} swallows those bytes and an {@code INSERT … VALUES} is refused.
 * It happened in the test suite, where a test JVM's stdin carries Maven's commands: chDB took one and the build hung.
 * A server reads nothing from its stdin, so it is pointed at {@code /dev/null} (file descriptor 0 replaced with
 * libc's {@code dup2}), once per process.
 */
final class StdinForChdb {

    private static final int STDIN = 0;
    private static final int O_RDONLY = 0;
    private static boolean emptied;

    private StdinForChdb() {
    }

    static synchronized void empty() {
        if (emptied) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle open = linker.downcallHandle(libc.find("open").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
        MethodHandle dup2 = linker.downcallHandle(libc.find("dup2").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int devNull = (int) open.invokeExact(arena.allocateFrom("/dev/null"), O_RDONLY);
            if (devNull < 0) {
                throw new IllegalStateException("cannot open /dev/null to give chDB an empty stdin");
            }
            if (devNull != STDIN) {
                int replaced = (int) dup2.invokeExact(devNull, STDIN);
                int closed = (int) close.invokeExact(devNull);
                if (replaced != STDIN || closed != 0) {
                    throw new IllegalStateException("cannot point stdin at /dev/null for chDB");
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot point stdin at /dev/null for chDB", e);
        }
        emptied = true;
    }
}
