package io.tally.adapter.in.websocket;

import io.helidon.webserver.websocket.WsRouting;

/** The live adapter's public face: registers {@code /v1/live} on a WebSocket routing. */
public final class LiveApi {

    public static final String PATH = "/v1/live";

    private final Connections connections;

    private LiveApi(Connections connections) {
        this.connections = connections;
    }

    /** Registers the endpoint; the returned handle tells how many clients are connected. */
    public static LiveApi register(WsRouting.Builder routing, LiveServices services, LiveSettings settings) {
        Connections connections = new Connections(settings.maxConnections());
        AnswerBodies bodies = new AnswerBodies();
        routing.endpoint(PATH, () -> new LiveSocket(services, settings, connections, bodies));
        return new LiveApi(connections);
    }

    /** Live connections open now. */
    public int connections() {
        return connections.open();
    }
}
