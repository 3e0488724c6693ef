package io.tally.application.port.in;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Who may hold a live connection (a WebSocket on {@code /v1/live} or {@code /graphql/ws}) on this node. Only
 * authenticated connections count against the node's limit; one that has not authenticated yet holds a place of its
 * remote address instead, of which each address has a few, so connections without a key can never crowd out those
 * with one.
 */
public interface AdmitLiveConnectionsUseCase {

    /** A connection without a key yet, from {@code address}: empty when the address holds as many as it may. */
    Optional<Slot> arrive(InetAddress address);

    /** A connection authenticated as it opened: empty when the node holds as many as it may. */
    Optional<Slot> admit();

    /** Authenticated live connections held now, on every endpoint. */
    int connections();

    /** A new connection's outbox: everything it is sent waits there, bounded as {@link Outbox} says. */
    Outbox outbox();

    /** The place one connection holds until it is released. */
    interface Slot {

        /**
         * The connection authenticated: it gives back its address's place and takes one of the node's; false (and the
         * slot is released) when the node holds as many as it may. True at once for a slot that already had one.
         */
        boolean authenticated();

        /** The connection is gone: its place is given back (once, however often this is called). */
        void release();
    }
}
