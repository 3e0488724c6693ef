package io.tally.application.service;

import io.tally.application.live.ConflatingOutbox;
import io.tally.application.port.in.AdmitLiveConnectionsUseCase;
import io.tally.application.port.in.Outbox;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live connections against two limits: {@code maxConnections} authenticated ones on this node, and
 * {@code maxUnauthenticatedPerAddress} not yet authenticated ones per remote address (an IPv6 address counts by its
 * /64, the block one subscriber is usually given). Shared by every live endpoint of the node.
 */
public final class LiveConnectionPolicy implements AdmitLiveConnectionsUseCase {

    /**
     * @param maxConnections               authenticated live connections this node holds at once
     * @param maxUnauthenticatedPerAddress connections one address may hold before authenticating
     */
    public record Settings(int maxConnections, int maxUnauthenticatedPerAddress) {
        public Settings {
            if (maxConnections < 1 || maxUnauthenticatedPerAddress < 1) {
                throw new IllegalArgumentException("live connection limits are at least 1");
            }
        }
    }

    /** Replies (acknowledgements, errors, pongs) a connection may leave unread before it is cut off. */
    private static final int MAX_UNSENT_REPLIES = 100;

    private final Settings settings;
    private final AtomicInteger authenticated = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> unauthenticated = new ConcurrentHashMap<>();

    public LiveConnectionPolicy(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Slot> arrive(InetAddress address) {
        String group = group(address);
        boolean[] taken = {false};
        unauthenticated.compute(group, (g, held) -> {
            int now = held == null ? 0 : held;
            if (now >= settings.maxUnauthenticatedPerAddress()) {
                return held;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0] ? Optional.of(new Place(group)) : Optional.empty();
    }

    @Override
    public Optional<Slot> admit() {
        return takeConnection() ? Optional.of(new Place(null)) : Optional.empty();
    }

    @Override
    public int connections() {
        return authenticated.get();
    }

    @Override
    public Outbox outbox() {
        return new ConflatingOutbox(MAX_UNSENT_REPLIES);
    }

    /** Connections held now that have not authenticated, from every address. */
    public int unauthenticated() {
        return unauthenticated.values().stream().mapToInt(Integer::intValue).sum();
    }

    private boolean takeConnection() {
        while (true) {
            int now = authenticated.get();
            if (now >= settings.maxConnections()) {
                return false;
            }
            if (authenticated.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private void leave(String group) {
        unauthenticated.computeIfPresent(group, (g, held) -> held <= 1 ? null : held - 1);
    }

    static String group(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64"
                : address.getHostAddress();
    }

    /** A place: of an address while {@code group} is set, of the node once authenticated. */
    private final class Place implements Slot {
        private String group;
        private boolean held = true;

        Place(String group) {
            this.group = group;
        }

        @Override
        public synchronized boolean authenticated() {
            if (!held) {
                return false;
            }
            if (group == null) {
                return true;
            }
            leave(group);
            group = null;
            if (!takeConnection()) {
                held = false;
                return false;
            }
            return true;
        }

        @Override
        public synchronized void release() {
            if (!held) {
                return;
            }
            held = false;
            if (group != null) {
                leave(group);
            } else {
                authenticated.decrementAndGet();
            }
        }
    }
}
