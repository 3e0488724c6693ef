package io.tally.adapter.out.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.BroadcastTelemetry;
import io.tally.application.port.out.NodeBroadcast;
import io.tally.domain.event.Event;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The broadcast between nodes over Redis pub/sub: one channel for stored events, one for alert notifications. Every
 * message starts with the sending node's random id, so a node skips its own. Pub/sub keeps nothing: a node that is
 * down or disconnected misses what was sent meanwhile, which is what {@link NodeBroadcast} allows.
 */
public final class RedisNodeBroadcast implements NodeBroadcast {

    static final String EVENTS_CHANNEL = "tally:broadcast:events";
    static final String ALERTS_CHANNEL = "tally:broadcast:alerts";
    private static final System.Logger LOG = System.getLogger(RedisNodeBroadcast.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ID_BYTES = 16;

    private final RedissonClient redis;
    private final BroadcastTelemetry telemetry;
    private final byte[] node = nodeId();
    private final RTopic events;
    private final RTopic alerts;
    private final AtomicLong failures = new AtomicLong();

    private RedisNodeBroadcast(RedissonClient redis, BroadcastTelemetry telemetry) {
        this.redis = redis;
        this.telemetry = telemetry;
        this.events = redis.getTopic(EVENTS_CHANNEL, ByteArrayCodec.INSTANCE);
        this.alerts = redis.getTopic(ALERTS_CHANNEL, ByteArrayCodec.INSTANCE);
    }

    /** Connects to {@code address} ({@code redis://host:port}); a publish not acknowledged within {@code timeout} fails. */
    public static RedisNodeBroadcast connect(String address, Duration timeout, BroadcastTelemetry telemetry) {
        return new RedisNodeBroadcast(RedisClients.connect(address, timeout, 8), telemetry);
    }

    /** Whether Redis answers now (a read with the client's timeout). */
    public boolean answers() {
        return RedisHealth.answers(redis);
    }

    @Override
    public void eventsStored(List<Event> stored) {
        if (!stored.isEmpty()) {
            publish(events, "events", EventFrames.write(stored));
        }
    }

    @Override
    public void alertRaised(String projectId, Map<String, Object> notification) {
        try {
            publish(alerts, "alerts", JSON.writeValueAsBytes(new AlertMessage(projectId, notification)));
        } catch (IOException e) {
            failed("alerts", "sending", e);
        }
    }

    @Override
    public void onEventsStored(Consumer<List<Event>> receiver) {
        events.addListener(byte[].class, (channel, message) -> fromAnotherNode(message, "events", payload ->
                receiver.accept(EventFrames.read(payload))));
    }

    @Override
    public void onAlertRaised(BiConsumer<String, Map<String, Object>> receiver) {
        alerts.addListener(byte[].class, (channel, message) -> fromAnotherNode(message, "alerts", payload -> {
            try {
                AlertMessage alert = JSON.readValue(payload, AlertMessage.class);
                receiver.accept(alert.project(), alert.notification());
            } catch (IOException e) {
                throw new IllegalArgumentException("an unreadable alert message", e);
            }
        }));
    }

    /** The wire form of an alert message. */
    record AlertMessage(String project, Map<String, Object> notification) {
    }

    private void publish(RTopic topic, String what, byte[] payload) {
        byte[] message = Arrays.copyOf(node, ID_BYTES + payload.length);
        System.arraycopy(payload, 0, message, ID_BYTES, payload.length);
        // asynchronous and never throwing: the store path does not wait for Redis, and an outage costs live views only
        try {
            topic.publishAsync(message).whenComplete((receivers, error) -> {
                if (error == null) {
                    telemetry.broadcast(what, "sent");
                } else {
                    failed(what, "sending", error);
                }
            });
        } catch (RuntimeException e) {
            failed(what, "sending", e);
        }
    }

    /** Hands on the payload of a message another node sent (this node's own are skipped); one unreadable is counted. */
    private void fromAnotherNode(byte[] message, String what, Consumer<byte[]> handler) {
        if (message.length < ID_BYTES || Arrays.equals(message, 0, ID_BYTES, node, 0, ID_BYTES)) {
            return;
        }
        try {
            handler.accept(Arrays.copyOfRange(message, ID_BYTES, message.length));
            telemetry.broadcast(what, "received");
        } catch (RuntimeException e) {
            failed(what, "reading", e);
        }
    }

    private void failed(String what, String doing, Throwable error) {
        telemetry.broadcast(what, "failed");
        long count = failures.incrementAndGet();
        if (Long.bitCount(count) == 1) { // 1st, 2nd, 4th, 8th …: an outage is logged, not every message of it
            LOG.log(System.Logger.Level.WARNING, doing + " " + what + " of the broadcast between nodes failed (" + count
                    + " so far): " + error.getMessage());
        }
    }

    private static byte[] nodeId() {
        UUID id = UUID.randomUUID();
        return ByteBuffer.allocate(ID_BYTES).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    @Override
    public void close() {
        redis.shutdown();
    }
}
