package io.tally.adapter.out.redis;

import io.tally.application.port.out.BroadcastTelemetry;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.ops.redis.LocalRedis;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Three nodes' broadcasts on one real redis-server: what one sends, the others receive equal, and it never loops back. */
class RedisNodeBroadcastTest {

    private static LocalRedis redisServer;

    @BeforeAll
    static void start(@TempDir Path dir) {
        redisServer = LocalRedis.start(dir);
    }

    @AfterAll
    static void stop() {
        redisServer.close();
    }

    /** Counts per "what/outcome", as the metrics would. */
    private static final class Counted implements BroadcastTelemetry {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void broadcast(String what, String outcome) {
            counts.computeIfAbsent(what + "/" + outcome, k -> new AtomicLong()).incrementAndGet();
        }

        long get(String key) {
            return counts.getOrDefault(key, new AtomicLong()).get();
        }

        /** The count once it reaches {@code at least}, or what it is after 30 s (a publish is acknowledged asynchronously). */
        long await(String key, long atLeast) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (get(key) < atLeast && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            return get(key);
        }
    }

    private static RedisNodeBroadcast node(String address, Counted telemetry) {
        return RedisNodeBroadcast.connect(address, Duration.ofSeconds(2), telemetry);
    }

    private static Event event(String id, Map<String, PropertyValue> properties) {
        return new Event(id, "shop", "user-ü", "session", "purchase", Instant.parse("2026-11-28T10:15:30.123456789Z"),
                properties, "Mozilla/5.0 \"quoted\"", "", Instant.parse("2026-11-28T10:15:31Z"));
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(10, TimeUnit.SECONDS);
        assertThat(item).as("a message within 10 s").isNotNull();
        return item;
    }

    @Test
    void stored_events_reach_every_other_node_equal_and_never_come_back() throws Exception {
        Counted telemetry = new Counted();
        try (RedisNodeBroadcast a = node(redisServer.address(), telemetry);
             RedisNodeBroadcast b = node(redisServer.address(), telemetry);
             RedisNodeBroadcast c = node(redisServer.address(), telemetry)) {
            BlockingQueue<List<Event>> atA = new LinkedBlockingQueue<>();
            BlockingQueue<List<Event>> atB = new LinkedBlockingQueue<>();
            BlockingQueue<List<Event>> atC = new LinkedBlockingQueue<>();
            a.onEventsStored(atA::add);
            b.onEventsStored(atB::add);
            c.onEventsStored(atC::add);

            List<Event> batch = List.of(
                    event("e1", Map.of("revenue", PropertyValue.of(new BigDecimal("12345678901234567890.000000001")),
                            "plan", PropertyValue.of("pro, \"annual\"\nß"), "trial", PropertyValue.of(false),
                            "price", PropertyValue.of(new BigDecimal("-0.50")))),
                    event("e2", Map.of()));
            a.eventsStored(batch);
            assertThat(next(atB)).isEqualTo(batch);
            assertThat(next(atC)).isEqualTo(batch);

            // b answers; Redis hands a's subscriber its own message before b's, so when b's arrives a has skipped its own
            List<Event> reply = List.of(event("e3", Map.of("n", PropertyValue.of(new BigDecimal("7")))));
            b.eventsStored(reply);
            assertThat(next(atA)).isEqualTo(reply);
            assertThat(next(atC)).isEqualTo(reply);
            assertThat(atA).isEmpty();
            assertThat(atB).isEmpty();

            a.eventsStored(List.of()); // nothing to tell: nothing sent
            assertThat(telemetry.await("events/sent", 2)).isEqualTo(2);
            assertThat(telemetry.await("events/received", 4)).isEqualTo(4);
        }
    }

    @Test
    void alert_notifications_reach_other_nodes_in_their_wire_form() throws Exception {
        Counted telemetry = new Counted();
        try (RedisNodeBroadcast evaluator = node(redisServer.address(), telemetry);
             RedisNodeBroadcast other = node(redisServer.address(), telemetry)) {
            BlockingQueue<Map.Entry<String, Map<String, Object>>> received = new LinkedBlockingQueue<>();
            other.onAlertRaised((project, notification) -> received.add(Map.entry(project, notification)));
            Map<String, Object> notification = new LinkedHashMap<>();
            notification.put("type", "alert");
            notification.put("id", "5a0c");
            notification.put("state", "firing");
            notification.put("group", Map.of("country", "DE"));
            notification.put("value", 640.5);
            notification.put("window", Map.of("from", "2026-11-28T11:00:00Z", "to", "2026-11-28T12:00:00Z"));
            Map<String, Object> whole = new LinkedHashMap<>(notification);
            whole.put("group", null);

            evaluator.alertRaised("shop", notification);
            evaluator.alertRaised("other", whole);
            assertThat(next(received)).isEqualTo(Map.entry("shop", notification));
            assertThat(next(received)).isEqualTo(Map.entry("other", whole));
        }
    }

    @Test
    void an_unreadable_message_is_counted_and_the_next_one_still_arrives() throws Exception {
        Counted telemetry = new Counted();
        Config config = new Config();
        config.useSingleServer().setAddress(redisServer.address());
        RedissonClient raw = Redisson.create(config);
        try (RedisNodeBroadcast node = node(redisServer.address(), telemetry);
             RedisNodeBroadcast sender = node(redisServer.address(), new Counted())) {
            BlockingQueue<List<Event>> received = new LinkedBlockingQueue<>();
            node.onEventsStored(received::add);
            byte[] newerRelease = new byte[17 + 5];
            newerRelease[0] = 42; // another node's id …
            newerRelease[16] = EventFrames.VERSION + 1; // … and a frame this release does not know
            raw.getTopic(RedisNodeBroadcast.EVENTS_CHANNEL, ByteArrayCodec.INSTANCE).publish(newerRelease);

            List<Event> good = List.of(event("after", Map.of()));
            sender.eventsStored(good);
            assertThat(next(received)).isEqualTo(good);
            assertThat(telemetry.await("events/failed", 1)).isEqualTo(1);
            assertThat(received).isEmpty();
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void a_frame_claiming_more_events_than_it_has_bytes_is_refused_before_anything_is_allocated() {
        byte[] claimsTwoBillion = {EventFrames.VERSION, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0};
        Assertions.assertThatThrownBy(() -> EventFrames.read(claimsTwoBillion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2147483647 events in 2 bytes");
    }

    @Test
    void with_redis_down_sending_neither_throws_nor_waits_and_each_message_counts_as_failed(@TempDir Path dir) throws Exception {
        try (LocalRedis own = LocalRedis.start(dir)) {
            Counted telemetry = new Counted();
            try (RedisNodeBroadcast node = node(own.address(), telemetry)) {
                own.stop();
                List<Event> batch = new ArrayList<>();
                batch.add(event("lost", Map.of()));
                node.eventsStored(batch);
                node.alertRaised("shop", Map.of("type", "alert"));
                assertThat(telemetry.await("events/failed", 1)).isEqualTo(1);
                assertThat(telemetry.await("alerts/failed", 1)).isEqualTo(1);
                assertThat(telemetry.get("events/sent")).isZero();
            }
        }
    }
}
