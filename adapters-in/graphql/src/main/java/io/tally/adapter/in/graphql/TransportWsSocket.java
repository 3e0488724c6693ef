package io.tally.adapter.in.graphql;

import graphql.ExecutionResult;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.tally.application.port.in.AdmitLiveConnectionsUseCase;
import io.tally.application.port.in.Caller;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.application.port.in.Outbox;
import io.tally.domain.validation.Validated;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection speaking {@code graphql-transport-ws} (the protocol of the graphql-ws library): connection_init
 * carrying the key ({@code {"key": "tly_…"}} or {@code {"authorization": "Bearer tly_…"}}) or a key in the upgrade
 * headers, then subscribe / next / error / complete per operation id, ping and pong. Results go through an
 * {@link Outbox}: a slow client gets the newest result of each subscription, not a growing queue.
 */
final class TransportWsSocket implements WsListener {

    static final String PROTOCOL = "graphql-transport-ws";
    private static final System.Logger LOG = System.getLogger(TransportWsSocket.class.getName());
    private static final Duration QUIET = Duration.ofSeconds(30);
    /** WebSocket close codes: try again later (a limit is reached), a message too big. */
    private static final int TRY_AGAIN_LATER = 1013;
    private static final int TOO_BIG = 1009;

    private final Operations operations;
    private final IdentifyCallerUseCase callers;
    private final AdmitLiveConnectionsUseCase admission;
    private final GraphQlSettings settings;
    private final Outbox outbox;
    private final Map<String, Subscription> running = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private Optional<String> upgradeKey = Optional.empty();
    private volatile Caller caller;
    private volatile boolean initialised;
    private volatile boolean open;
    private volatile AdmitLiveConnectionsUseCase.Slot slot;
    private WsSession session;

    TransportWsSocket(Operations operations, IdentifyCallerUseCase callers, AdmitLiveConnectionsUseCase admission,
                      GraphQlSettings settings) {
        this.operations = operations;
        this.callers = callers;
        this.admission = admission;
        this.outbox = admission.outbox();
        this.settings = settings;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        upgradeKey = IdentifyCallerUseCase.presented(headers.first(HeaderNames.AUTHORIZATION),
                headers.first(HeaderNames.create("X-API-Key")));
        WritableHeaders<?> reply = WritableHeaders.create();
        reply.set(HeaderValues.create("Sec-WebSocket-Protocol", PROTOCOL));
        return Optional.of(reply);
    }

    /**
     * A connection whose upgrade request carries a valid key takes one of the node's live places at once; any other
     * holds a place of its address until {@code connection_init} authenticates it, for {@code initTimeout} at most.
     * Either way, the place is shared with {@code /v1/live}.
     */
    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        boolean keyed = callers.identify(upgradeKey).isPresent();
        Optional<AdmitLiveConnectionsUseCase.Slot> place = keyed ? admission.admit() : admission.arrive(remoteAddress(session));
        if (place.isEmpty()) {
            close(session, TRY_AGAIN_LATER, keyed ? "Too many live connections; retry later"
                    : "Too many connections without a key from this address; retry later");
            return;
        }
        this.slot = place.get();
        this.open = true;
        Thread.ofVirtual().name("tally-graphql-ws-sender").start(this::send);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(settings.initTimeout());
            } catch (InterruptedException e) {
                return;
            }
            if (!initialised && open) {
                closeWith(4408, "Connection initialisation timeout");
            }
        });
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!open) {
            return; // refused or released: nothing more is read
        }
        if (partial.length() + text.length() > GraphQlHttp.MAX_BODY_BYTES) {
            closeWith(TOO_BIG, "A message has at most " + GraphQlHttp.MAX_BODY_BYTES + " characters");
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        Map<String, Object> message = Json.readMessage(partial.toString());
        partial.setLength(0);
        if (message == null || !(message.get("type") instanceof String type)) {
            closeWith(4400, "Invalid message");
            return;
        }
        switch (type) {
            case "connection_init" -> init(message);
            case "ping" -> outbox.reply(Json.text(Map.of("type", "pong")));
            case "pong" -> { }
            case "subscribe" -> subscribe(message);
            case "complete" -> {
                Subscription subscription = running.remove(String.valueOf(message.get("id")));
                if (subscription != null) {
                    subscription.cancel();
                }
            }
            default -> closeWith(4400, "Invalid message type " + type);
        }
    }

    private void init(Map<String, Object> message) {
        if (initialised) {
            closeWith(4429, "Too many initialisation requests");
            return;
        }
        initialised = true;
        Optional<String> key = upgradeKey;
        if (message.get("payload") instanceof Map<?, ?> payload) {
            if (payload.get("key") instanceof String k) {
                key = Optional.of(k);
            } else if (payload.get("authorization") instanceof String a) {
                key = IdentifyCallerUseCase.presented(Optional.of(a), Optional.of(a));
            }
        }
        Optional<Caller> identified = callers.identify(key);
        if (identified.isEmpty()) {
            closeWith(4403, "Forbidden: a valid API key is required");
            return;
        }
        if (!slot.authenticated()) {
            closeWith(TRY_AGAIN_LATER, "Too many live connections; retry later");
            return;
        }
        caller = identified.get();
        outbox.reply(Json.text(Map.of("type", "connection_ack")));
    }

    @SuppressWarnings("unchecked")
    private void subscribe(Map<String, Object> message) {
        if (caller == null) {
            closeWith(4401, "Unauthorized");
            return;
        }
        if (!(message.get("id") instanceof String id) || !(message.get("payload") instanceof Map<?, ?> payload)) {
            closeWith(4400, "A subscribe message has an id and a payload");
            return;
        }
        if (!(GraphQlRequest.fromBody(payload) instanceof Validated.Valid<GraphQlRequest> request)) {
            closeWith(4400, "Invalid payload: query is a string, operationName a string, variables an object");
            return;
        }
        if (running.containsKey(id)) {
            closeWith(4409, "Subscriber for " + id + " already exists");
            return;
        }
        if (Operations.resolve(request.value().query(), request.value().operationName())
                instanceof Operations.Resolution.Unresolved unresolved) {
            outbox.reply(Json.text(Map.of("type", "error", "id", id, "payload",
                    List.of(Errors.operation(Errors.Code.OPERATION_RESOLUTION_FAILURE, unresolved.message())))));
            return;
        }
        ExecutionResult result = operations.execute(caller, request.value());
        if (result.getData() instanceof Publisher<?> publisher) {
            ((Publisher<ExecutionResult>) publisher).subscribe(new Forwarder(id));
            return;
        }
        Map<String, Object> spec = Operations.specification(result);
        if (result.getData() == null && !result.getErrors().isEmpty()) {
            outbox.reply(Json.text(Map.of("type", "error", "id", id, "payload", spec.get("errors"))));
            return;
        }
        outbox.reply(Json.text(Map.of("type", "next", "id", id, "payload", spec)));
        outbox.reply(Json.text(Map.of("type", "complete", "id", id)));
    }

    /** Hands each result of one subscription to the outbox, conflated by the subscription's id. */
    private final class Forwarder implements Subscriber<ExecutionResult> {
        private final String id;
        private Subscription subscription;

        Forwarder(String id) {
            this.id = id;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            running.put(id, subscription);
            subscription.request(1);
        }

        @Override
        public void onNext(ExecutionResult result) {
            outbox.latest(id, Json.text(Map.of("type", "next", "id", id, "payload", Operations.specification(result))));
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "a GraphQL subscription failed", t);
            running.remove(id);
            outbox.reply(Json.text(Map.of("type", "error", "id", id, "payload",
                    List.of(Errors.operation(Errors.Code.INTERNAL, "the subscription failed; it has been logged")))));
        }

        @Override
        public void onComplete() {
            running.remove(id);
            outbox.reply(Json.text(Map.of("type", "complete", "id", id)));
        }
    }

    /** Closes from this side and stops everything of the connection at once. */
    private void closeWith(int code, String reason) {
        try {
            close(session, code, reason);
        } finally {
            release();
        }
    }

    /** Sends the close; a client already gone (it hung up without a close of its own) is not a fault. */
    private static void close(WsSession session, int code, String reason) {
        try {
            session.close(code, reason);
        } catch (UncheckedIOException gone) {
            LOG.log(System.Logger.Level.DEBUG, "a GraphQL WebSocket was gone before it was closed: " + gone.getMessage());
        }
    }

    private void send() {
        try {
            while (open) {
                String message = outbox.take(QUIET);
                if (!open) {
                    return;
                }
                session.send(message == null ? Json.text(Map.of("type", "ping")) : message, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a GraphQL WebSocket stopped taking messages: " + e.getMessage());
            release();
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        release();
    }

    /** The client's address (the proxy's, behind one), which its unauthenticated connections are counted by. */
    private static InetAddress remoteAddress(WsSession session) {
        return session.socketContext().remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    private void release() {
        AdmitLiveConnectionsUseCase.Slot held = slot;
        if (held != null) {
            held.release();
        }
        open = false;
        running.values().forEach(Subscription::cancel);
        running.clear();
        outbox.close();
    }

}
