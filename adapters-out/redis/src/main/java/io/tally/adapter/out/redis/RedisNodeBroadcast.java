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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The broadcast between nodes over Redis pub/sub: one channel for stored events, one for alert notifications. Every
 * message starts with the sending node's random id, so a node skips its own. Pub/sub keeps nothing: a node that is
 * down or disconnected misses what was sent meanwhile, which is what {@link NodeBroadcast} allows.
 * <p>
 * Stored batches are encoded and published on the broadcast's own thread: the store's writer, the busiest thread of
 * ingestion, only hands the batch over. At most {@value #BATCHES_WAITING} batches wait; more (Redis far behind)
 * are dropped and counted as failed.
 */
public final class RedisNodeBroadcast implements NodeBroadcast {

    static final String EVENTS_CHANNEL = "tally:broadcast:events";
    static final String ALERTS_CHANNEL = "tally:broadcast:alerts";
    private static final System.Logger LOG = System.getLogger(RedisNodeBroadcast.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ID_BYTES = 16;
    private static final int BATCHES_WAITING = 64;

    private final RedissonClient redis;
    private final BroadcastTelemetry telemetry;
    private final byte[] node = nodeId();
    private final RTopic events;
    private final RTopic alerts;
    private final AtomicLong failures = new AtomicLong();
    private final ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BATCHES_WAITING), Thread.ofPlatform().name("tally-broadcast").daemon(true).factory());

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
        if (stored.isEmpty()) {
            return;
        }
        List<Event> batch = List.copyOf(stored);
        try {
            sender.execute(() -> publish(events, "events", EventFrames.write(batch)));
        } catch (RejectedExecutionException e) {
            failed("events", "sending", e);
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

    /** Sends what is still waiting (a few seconds at most), then disconnects. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.shutdown();
    }
}
