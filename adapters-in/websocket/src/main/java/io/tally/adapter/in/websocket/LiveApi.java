package io.tally.adapter.in.websocket;

import io.helidon.webserver.websocket.WsRouting;

/** The live adapter's public face: registers {@code /v1/live} on a WebSocket routing. */
public final class LiveApi {

    public static final String PATH = "/v1/live";

    private final Connections connections;

    private LiveApi(Connections connections) {
        this.connections = connections;
    }

    /** Registers the endpoint; the returned handle tells what the connections' outboxes hold. */
    public static LiveApi register(WsRouting.Builder routing, LiveServices services, LiveSettings settings) {
        Connections connections = new Connections();
        AnswerBodies bodies = new AnswerBodies();
        routing.endpoint(PATH, () -> new LiveSocket(services, settings, connections, bodies));
        return new LiveApi(connections);
    }

    /** Messages waiting to be sent on all live connections: bounded by their subscriptions, whatever the clients read. */
    public long queued() {
        return connections.queued();
    }

    /** Answers replaced by newer ones before a slow client read them. */
    public long conflated() {
        return connections.conflated();
    }
}
