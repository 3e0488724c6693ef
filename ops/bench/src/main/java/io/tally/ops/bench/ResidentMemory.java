package io.tally.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * This process's resident memory as Linux reports it ({@code /proc/self/status}): what the store's native engine, the
 * JVM and its heap hold in RAM together. Comparable between sizes only with the heap and the engine's memory capped
 * ({@code -Xmx}, {@code --set store.memory-limit=…}); otherwise it measures the allocators' appetite.
 */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** VmRSS in MiB, now; empty where there is no {@code /proc} (not Linux). */
    static OptionalDouble nowMib() {
        return field("VmRSS:");
    }

    /** VmHWM in MiB: the most this process has held so far. */
    static OptionalDouble peakMib() {
        return field("VmHWM:");
    }

    private static OptionalDouble field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) { // "VmRSS:   123456 kB"
                    return OptionalDouble.of(Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) / 1024.0);
                }
            }
            return OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }
}
