package io.tally.bootstrap;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * How many connections the listener takes at once. The listener waits for a free slot before it accepts (connections
 * beyond it wait in the kernel's backlog), so a cap below what the process may open means accept() never fails for
 * want of a file descriptor: in Helidon 4.1.2 that failure (EMFILE, "Too many open files") stops the listener for
 * good while the process lives on.
 */
final class ConnectionCap {

    private static final System.Logger LOG = System.getLogger(ConnectionCap.class.getName());

    private ConnectionCap() {
    }

    /** The configured cap, lowered to leave descriptors for everything else (store files, jars, clients) when needed. */
    static int effective(int configured) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os)) {
            return configured;
        }
        long limit = os.getMaxFileDescriptorCount();
        long open = os.getOpenFileDescriptorCount();
        long reserve = Math.max(128, limit / 10);
        int room = (int) Math.clamp(limit - open - reserve, 1, Integer.MAX_VALUE);
        if (room < configured) {
            LOG.log(System.Logger.Level.WARNING, "server.max-connections lowered from {0} to {1}: the process may open {2}"
                    + " files and has {3} open (raise the limit, e.g. ulimit -n, for more)", configured, room, limit, open);
            return room;
        }
        return configured;
    }
}
