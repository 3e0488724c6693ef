package io.tally.adapter.in.websocket;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AdmitLiveConnectionsUseCase;
import io.tally.application.port.in.Caller;
import io.tally.application.port.in.IdentifyCallerUseCase;
import io.tally.application.port.in.Outbox;
import io.tally.application.port.in.WatchLiveUseCase;
import io.tally.domain.access.KeyKind;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.live.LiveQuery;
import io.tally.domain.live.LiveTail;
import io.tally.domain.request.LiveRequest;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One live connection. The client authenticates (a key in the upgrade request's headers, or an {@code auth}
 * message first), then subscribes to queries and event tails by ids of its choosing; see {@code docs/live.md}.
 * Everything it is sent goes through its {@link Outbox} and one sender thread.
 */
final class LiveSocket implements WsListener {

    private static final System.Logger LOG = System.getLogger(LiveSocket.class.getName());
    static final int UNAUTHORIZED = 4401;
    static final int FORBIDDEN = 4403;
    static final int MAX_SUBSCRIPTIONS = 50;
    private static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final String TOO_MANY = "too many live connections; retry later";
    private static final String TOO_MANY_WITHOUT_KEY = "too many connections without a key from this address; retry later";

    private final LiveServices services;
    private final LiveSettings settings;
    private final Connections connections;
    private final AnswerBodies bodies;
    private final Outbox outbox;
    private final Map<String, WatchLiveUseCase.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private Optional<String> upgradeKey = Optional.empty();
    private volatile Caller caller;
    private volatile WsSession session;
    private volatile boolean admitted;
    private volatile AdmitLiveConnectionsUseCase.Slot slot;
    private Thread sender;

    LiveSocket(LiveServices services, LiveSettings settings, Connections connections, AnswerBodies bodies) {
        this.services = services;
        this.settings = settings;
        this.connections = connections;
        this.bodies = bodies;
        this.outbox = services.connections().outbox();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        upgradeKey = IdentifyCallerUseCase.presented(headers.first(HeaderNames.AUTHORIZATION),
                headers.first(HeaderNames.create("X-API-Key")));
        return Optional.empty();
    }

    /**
     * A connection with a key in its upgrade request takes one of the node's places at once; one without holds a
     * place of its address until it authenticates, for {@code authTimeout} at most (see {@link AdmitLiveConnectionsUseCase}).
     */
    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        boolean keyed = upgradeKey.isPresent() || !services.callers().keysRequired();
        Optional<Caller> identified = Optional.empty();
        Optional<AdmitLiveConnectionsUseCase.Slot> place;
        if (keyed) {
            identified = identify(upgradeKey);
            if (identified.isEmpty()) {
                return; // closed with the reason
            }
            place = services.connections().admit();
        } else {
            place = services.connections().arrive(remoteAddress(session));
        }
        if (place.isEmpty()) {
            close(session, WsCloseCodes.TRY_AGAIN_LATER, keyed ? TOO_MANY : TOO_MANY_WITHOUT_KEY); // never admitted
            return;
        }
        slot = place.get();
        admitted = true;
        connections.opened(this);
        sender = Thread.ofVirtual().name("tally-live-sender").start(this::send);
        if (keyed) {
            caller = identified.get();
            reply(Messages.of("ready", "project", caller.projectId()));
        } else {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(settings.authTimeout());
                } catch (InterruptedException e) {
                    return;
                }
                if (caller == null && admitted) {
                    closeWith(UNAUTHORIZED, "authenticate first: {\"type\":\"auth\",\"key\":\"tly_…\"}");
                }
            });
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!admitted) {
            return; // refused or released: nothing more is read
        }
        if (partial.length() + text.length() > MAX_MESSAGE_CHARS) {
            closeWith(WsCloseCodes.TOO_BIG, "a message has at most " + MAX_MESSAGE_CHARS + " characters");
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String whole = partial.toString();
        partial.setLength(0);
        Optional<Map<String, Object>> message = Messages.read(whole);
        if (message.isEmpty()) {
            reply(Messages.error(null, "malformed", "a message is a JSON object with a \"type\"", List.of()));
            return;
        }
        handle(message.get());
    }

    private void handle(Map<String, Object> message) {
        Object type = message.get("type");
        if ("auth".equals(type)) {
            authenticate(Optional.ofNullable(message.get("key")).map(String::valueOf));
            return;
        }
        if ("ping".equals(type)) {
            reply(Messages.of("pong"));
            return;
        }
        if (caller == null) {
            closeWith(UNAUTHORIZED, "authenticate first: {\"type\":\"auth\",\"key\":\"tly_…\"}");
            return;
        }
        String id = message.get("id") instanceof String s && !s.isBlank() && s.length() <= 64 ? s : null;
        switch (String.valueOf(type)) {
            case "subscribe", "tail", "alerts" -> {
                if (id == null) {
                    reply(Messages.error(null, "malformed", "\"id\" is required: a string of 1 to 64 characters", List.of()));
                } else if (subscriptions.containsKey(id)) {
                    reply(Messages.error(id, "duplicate_id", "a subscription with this id is open", List.of()));
                } else if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
                    reply(Messages.error(id, "too_many", "at most " + MAX_SUBSCRIPTIONS + " subscriptions per connection", List.of()));
                } else if (admit(id)) {
                    if (type.equals("subscribe")) {
                        subscribe(id, message.get("query"));
                    } else if (type.equals("alerts")) {
                        watchAlerts(id);
                    } else {
                        tail(id, message.get("events"));
                    }
                }
            }
            case "unsubscribe" -> {
                WatchLiveUseCase.Subscription subscription = id == null ? null : subscriptions.remove(id);
                if (subscription != null) {
                    subscription.close();
                }
                reply(Messages.of("unsubscribed", "id", id));
            }
            default -> reply(Messages.error(id, "unknown_type",
                    "type is one of auth, subscribe, tail, alerts, unsubscribe, ping", List.of()));
        }
    }

    /** An {@code auth} message: the key is checked, then the connection trades its address's place for the node's. */
    private void authenticate(Optional<String> key) {
        Optional<Caller> identified = identify(key);
        if (identified.isEmpty()) {
            return;
        }
        if (!slot.authenticated()) {
            closeWith(WsCloseCodes.TRY_AGAIN_LATER, TOO_MANY);
            return;
        }
        caller = identified.get();
        reply(Messages.of("ready", "project", caller.projectId()));
    }

    /** The caller of a key that may ask queries; empty after closing with the reason when it may not. */
    private Optional<Caller> identify(Optional<String> key) {
        Optional<Caller> identified = services.callers().identify(key);
        if (identified.isEmpty()) {
            closeWith(UNAUTHORIZED, "a valid API key is required");
            return Optional.empty();
        }
        if (!identified.get().may(KeyKind.Scope.QUERY)) {
            closeWith(FORBIDDEN, "a " + identified.get().kind().label() + " key cannot ask queries");
            return Optional.empty();
        }
        return identified;
    }

    /** The client's address (the proxy's, behind one), which its unauthenticated connections are counted by. */
    private static InetAddress remoteAddress(WsSession session) {
        return session.socketContext().remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    private boolean admit(String id) {
        Admission decision = services.limits().admitQuery(caller.projectId(), caller.id());
        if (!decision.allowed()) {
            reply(Messages.error(id, "rate_limited", "the query limit of this project is reached; retry after "
                    + Math.max(1, decision.retryAfterSeconds()) + " s", List.of()));
        }
        return decision.allowed();
    }

    private RequestContext context() {
        return new RequestContext(caller.projectId(), settings.clock().instant(),
                services.definitions().definitions(caller.projectId()));
    }

    private void subscribe(String id, Object body) {
        switch (LiveRequest.parse(body, context())) {
            case Validated.Invalid<LiveQuery> invalid -> reply(invalid(id, invalid.violations()));
            case Validated.Valid<LiveQuery> valid -> {
                boolean[] first = {true};
                // the first answer comes before watch() returns, so it is the snapshot
                subscriptions.put(id, services.live().watch(valid.value(), answer -> {
                    String type = first[0] ? "snapshot" : "update";
                    first[0] = false;
                    outbox.latest(id, Messages.answer(type, id, bodies.body(answer)));
                }));
            }
        }
    }

    private void tail(String id, Object body) {
        switch (LiveRequest.parseTail(body, context())) {
            case Validated.Invalid<LiveTail> invalid -> reply(invalid(id, invalid.violations()));
            case Validated.Valid<LiveTail> valid -> {
                subscriptions.put(id, services.live().tail(valid.value(), batch -> outbox.latest(id, Messages.of("events",
                        "id", id, "events", batch.events().stream().map(LiveSocket::withoutAddress).toList(),
                        "dropped", batch.dropped()))));
                reply(Messages.of("tailing", "id", id));
            }
        }
    }

    /** Every state change of the project's alerts, each sent (never conflated: each one is news). */
    private void watchAlerts(String id) {
        AutoCloseable watch = services.alerts().watch(caller.projectId(), notification ->
                reply(Messages.of("alert", "id", id, "alert", notification)));
        subscriptions.put(id, () -> {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing an alert watch failed", e);
            }
        });
        reply(Messages.of("watching", "id", id));
    }

    /** Raw events without the client's IP address: live viewers see behaviour, not who is behind it. */
    private static Map<String, Object> withoutAddress(Event event) {
        Map<String, Object> wire = EventWire.of(event);
        wire.remove("ip_address");
        return wire;
    }

    private static String invalid(String id, List<Violation> violations) {
        String fields = String.join(", ", violations.stream().map(Violation::field).distinct().toList());
        return Messages.error(id, "invalid_query", "the query is not valid: " + fields,
                violations.stream().map(v -> new Violation(v.field().isEmpty() ? "query" : v.field(), v.kind(), v.message()))
                        .toList());
    }

    private void reply(String message) {
        if (!outbox.reply(message)) {
            closeWith(WsCloseCodes.VIOLATED_POLICY, "too many unread replies");
        }
    }

    /** The one thread writing to the socket: blocking on a slow client here holds up no one else. */
    private void send() {
        try {
            while (true) {
                String message = outbox.take(settings.heartbeat());
                if (!admitted) {
                    return;
                }
                session.send(message == null
                        ? Messages.of("heartbeat", "at", settings.clock().instant().toString()) : message, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a live connection stopped taking messages: " + e.getMessage());
            release();
        }
    }

    /** Closes from this side: the client may never answer the close, so its slot is given back now. */
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
            LOG.log(System.Logger.Level.DEBUG, "a live connection was gone before it was closed: " + gone.getMessage());
        }
    }

    long queued() {
        return outbox.size();
    }

    long conflated() {
        return outbox.conflated();
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "live connection error: " + t.getMessage());
        release();
    }

    private synchronized void release() {
        if (!admitted) {
            return;
        }
        admitted = false;
        subscriptions.values().forEach(WatchLiveUseCase.Subscription::close);
        subscriptions.clear();
        slot.release();
        connections.closed(this, outbox.conflated());
        outbox.close();
        if (sender != null && sender != Thread.currentThread()) {
            sender.interrupt();
        }
    }

}
