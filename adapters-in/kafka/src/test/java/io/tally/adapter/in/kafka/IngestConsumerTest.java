package io.tally.adapter.in.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.tracing.Span;
import io.helidon.tracing.Tracer;
import io.helidon.tracing.providers.opentelemetry.HelidonOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tally.adapter.out.duckdb.DuckDbConfig;
import io.tally.adapter.out.duckdb.DuckDbStores;
import io.tally.adapter.out.memory.MemoryStore;
import io.tally.application.port.in.StoreEventsUseCase;
import io.tally.application.port.out.DeadLetters;
import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.IngestTelemetry;
import io.tally.application.port.out.StoreException;
import io.tally.application.service.ConsumptionService;
import io.tally.application.service.EventEnricher;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventLimits;
import io.tally.domain.event.EventValidator;
import io.tally.domain.event.EventWire;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.ops.kafka.LocalKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest consumer against a real broker: crashes before a commit and store outages lose and double nothing. */
class IngestConsumerTest {

    private static LocalKafka kafka;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start(@TempDir Path dir) {
        kafka = LocalKafka.start(dir, 0);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static List<Event> produce(String topic, int count, long seed) throws Exception {
        return produce(topic, count, seed, Duration.ZERO);
    }

    /**
     * A producer that is not idempotent: the broker (4.3.1) once refused one of an idempotent producer's batches with
     * an out-of-order sequence number until it expired (broker log: incoming 0, end 563), failing a test about the
     * consumer; with one request in flight the order holds without sequence numbers.
     */
    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Produces the events in 40 slices, {@code pause} apart (so consumers that join meanwhile get a share). */
    private static List<Event> produce(String topic, int count, long seed, Duration pause) throws Exception {
        kafka.createTopics(3, topic);
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(count, 2, seed,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            int slice = Math.max(1, count / 40);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                sends.add(producer.send(new ProducerRecord<>(topic, e.userId().getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(EventWire.of(e)))));
                if (i % slice == slice - 1 && !pause.isZero()) {
                    producer.flush();
                    Thread.sleep(pause);
                }
            }
            producer.flush();
            for (var sent : sends) {
                try {
                    sent.get(); // a record the broker refused fails here, not as a missing count a minute later
                } catch (ExecutionException e) {
                    throw new AssertionError("the broker did not take a record of " + topic + ": " + e.getCause()
                            + "\nbroker log:\n" + kafka.logTail(60), e);
                }
            }
        }
        return events;
    }

    private static final class ListDeadLetters implements DeadLetters {
        final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

        @Override
        public void send(List<DeadLetter> batch) {
            letters.addAll(batch);
        }
    }

    private static ConsumptionService service(EventStore store, DeadLetters deadLetters) {
        return new ConsumptionService(new EventValidator(EventLimits.DEFAULT), EventEnricher.none(), "default"::equals,
                store, deadLetters, IngestTelemetry.NONE, Clock.systemUTC());
    }

    private static AutoCloseable consumer(String topic, StoreEventsUseCase use) {
        return consumer(topic, "group-" + topic, use);
    }

    private static AutoCloseable consumer(String topic, String group, StoreEventsUseCase use) {
        return KafkaIngest.start(new KafkaIngest.Settings(kafka.bootstrapServers(), topic, group, "default", 500,
                Duration.ofMillis(500), (partition, lag) -> { }), use);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, () -> "");
    }

    /** Waits up to 2 minutes; when it times out, the message shows {@code state} and the broker's view. */
    private static void await(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        for (int i = 0; i < 1_200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        if (!condition.getAsBoolean()) {
            assertThat(false).as("condition within 2 minutes; %s%nconsumer groups: %s%nbroker log:%n%s",
                    state.get(), groups(), kafka.logTail(40)).isTrue();
        }
    }

    /** Each consumer group's members, assignments and committed offsets, as the broker sees them. */
    private static String groups() {
        try (Admin admin = kafka.admin()) {
            List<String> ids = admin.listGroups().all().get().stream().map(g -> g.groupId()).toList();
            StringBuilder out = new StringBuilder();
            for (var group : admin.describeConsumerGroups(ids).all().get().values()) {
                out.append("\n  ").append(group.groupId()).append(' ').append(group.groupState()).append(" members=")
                        .append(group.members().stream().map(m -> m.consumerId() + m.assignment().topicPartitions()).toList())
                        .append(" committed=").append(admin.listConsumerGroupOffsets(group.groupId())
                                .partitionsToOffsetAndMetadata().get());
            }
            return out.toString();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Set<String> ids(List<Event> events) {
        return events.stream().map(Event::eventId).collect(Collectors.toSet());
    }

    @Test
    void a_crash_between_store_and_commit_stores_every_event_exactly_once() throws Exception {
        List<Event> events = produce("crash", 3_000, 1);
        MemoryStore store = MemoryStore.create();
        ListDeadLetters deadLetters = new ListDeadLetters();
        ConsumptionService real = service(store, deadLetters);
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicInteger stored = new AtomicInteger();
        // the first consumer stores a batch and then dies before committing it: nothing it does afterwards lands
        StoreEventsUseCase crashing = (project, batch) -> {
            if (crashed.get()) {
                throw new IllegalStateException("this process is dead");
            }
            StoreEventsUseCase.Outcome outcome = real.store(project, batch);
            stored.addAndGet(batch.size());
            if (stored.get() > 1_000 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("the process died here");
            }
            return outcome;
        };
        AutoCloseable first = consumer("crash", crashing);
        await(crashed::get);
        first.close();
        AtomicInteger redelivered = new AtomicInteger();
        StoreEventsUseCase counting = (project, batch) -> {
            StoreEventsUseCase.Outcome outcome = real.store(project, batch);
            redelivered.addAndGet((int) outcome.duplicates());
            return outcome;
        };
        try (AutoCloseable second = consumer("crash", counting)) {
            await(() -> store.all().size() == events.size(), () -> "stored " + store.all().size() + " of " + events.size());
        }
        assertThat(redelivered.get()).as("the uncommitted batch was read again").isPositive();
        assertThat(ids(store.all())).isEqualTo(ids(events));
        assertThat(store.all()).hasSize(3_000);
        assertThat(deadLetters.letters).isEmpty();
    }

    @Test
    void two_members_share_the_partitions_and_when_one_dies_the_other_takes_over() throws Exception {
        kafka.createTopics(3, "pair");
        MemoryStore store = MemoryStore.create();
        ConsumptionService real = service(store, new ListDeadLetters());
        AtomicBoolean dead = new AtomicBoolean();
        AtomicInteger storedByDoomed = new AtomicInteger();
        StoreEventsUseCase doomed = (project, batch) -> {
            if (dead.get()) {
                throw new IllegalStateException("this node is dead");
            }
            StoreEventsUseCase.Outcome outcome = real.store(project, batch);
            if (storedByDoomed.addAndGet(batch.size()) >= 300) {
                dead.set(true); // dies after storing, before committing
                throw new IllegalStateException("this node died");
            }
            return outcome;
        };
        AtomicInteger storedBySurvivor = new AtomicInteger();
        StoreEventsUseCase survivor = (project, batch) -> {
            storedBySurvivor.addAndGet(batch.size());
            return real.store(project, batch);
        };
        try (AutoCloseable healthy = consumer("pair", survivor)) {
            AutoCloseable failing = consumer("pair", doomed);
            // both members are in the group before the events arrive, over eight seconds
            List<Event> events = produce("pair", 4_000, 3, Duration.ofMillis(200));
            await(dead::get);
            failing.close(); // leaves the group without committing its last batch
            await(() -> store.all().size() == events.size(), () -> "stored " + store.all().size() + " of " + events.size());
            assertThat(ids(store.all())).isEqualTo(ids(events));
        }
        assertThat(storedByDoomed.get()).as("the dying member did take part").isPositive();
        assertThat(storedBySurvivor.get()).isPositive();
    }

    @Test
    void a_store_outage_pauses_consumption_and_every_event_arrives() throws Exception {
        List<Event> events = produce("outage", 2_000, 2);
        MemoryStore memory = MemoryStore.create();
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger refusals = new AtomicInteger();
        EventStore flaky = new EventStore() {
            @Override
            public long append(List<Event> batch) {
                if (down.get()) {
                    refusals.incrementAndGet();
                    throw new StoreException("the store is down", null);
                }
                return memory.append(batch);
            }

            @Override
            public boolean isAvailable() {
                return !down.get();
            }
        };
        ListDeadLetters deadLetters = new ListDeadLetters();
        try (AutoCloseable consumer = consumer("outage", service(flaky, deadLetters))) {
            await(() -> refusals.get() >= 3);
            assertThat(memory.all()).isEmpty();
            down.set(false);
            await(() -> memory.all().size() == events.size(), () -> "stored " + memory.all().size() + " of " + events.size());
        }
        assertThat(ids(memory.all())).isEqualTo(ids(events));
        assertThat(deadLetters.letters).as("nothing valid is dead-lettered").isEmpty();
    }

    @Test
    void each_batch_is_one_span_and_the_store_runs_inside_it() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        Tracer tracer = HelidonOpenTelemetry.create(sdk,
                sdk.getTracer("test"), Map.of());
        List<Event> events = produce("traced", 1_200, 9);
        MemoryStore store = MemoryStore.create();
        ConsumptionService real = service(store, new ListDeadLetters());
        AtomicInteger storedInsideASpan = new AtomicInteger();
        StoreEventsUseCase watching = (project, batch) -> {
            if (Span.current().isPresent()) {
                storedInsideASpan.addAndGet(batch.size());
            }
            return real.store(project, batch);
        };
        try (AutoCloseable consumer = KafkaIngest.start(new KafkaIngest.Settings(kafka.bootstrapServers(), "traced",
                "group-traced", "default", 500, Duration.ofMillis(500), (partition, lag) -> { }, tracer), watching)) {
            await(() -> store.all().size() == events.size(), () -> "stored " + store.all().size() + " of " + events.size()
                    + ", inside a span " + storedInsideASpan.get() + ", finished spans " + spans.getFinishedSpanItems().size());
        }
        assertThat(storedInsideASpan.get()).isEqualTo(events.size());
        List<SpanData> batches = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("kafka.batch")).toList();
        assertThat(batches).isNotEmpty();
        assertThat(batches).allSatisfy(s -> assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER));
        assertThat(batches.stream().mapToLong(s -> s.getAttributes().get(
                AttributeKey.longKey("messaging.batch.message_count"))).sum()).isEqualTo(events.size());
    }

    @Test
    void the_next_batch_is_prepared_while_the_last_one_is_stored_and_nothing_is_committed_before_it_is() throws Exception {
        List<Event> events = produce("pipelined", 2_000, 4);
        MemoryStore memory = MemoryStore.create();
        ConsumptionService real = service(memory, new ListDeadLetters());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger storing = new AtomicInteger();
        AtomicBoolean preparedWhileStoring = new AtomicBoolean();
        StoreEventsUseCase watched = new StoreEventsUseCase() {
            @Override
            public Outcome store(String defaultProject, List<Consumed> batch) {
                return real.store(defaultProject, batch);
            }

            @Override
            public Prepared prepare(String defaultProject, List<Consumed> batch) {
                if (storing.get() > 0) {
                    preparedWhileStoring.set(true);
                }
                return real.prepare(defaultProject, batch);
            }

            @Override
            public Outcome store(Prepared prepared) {
                storing.incrementAndGet();
                try {
                    release.await(); // the first store holds until the test lets it go
                    return real.store(prepared);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    storing.decrementAndGet();
                }
            }
        };
        try (AutoCloseable consumer = consumer("pipelined", watched)) {
            await(preparedWhileStoring::get, () -> "stores running " + storing.get());
            try (Admin admin = kafka.admin()) {
                assertThat(admin.listConsumerGroupOffsets("group-pipelined").partitionsToOffsetAndMetadata().get().values())
                        .as("no offset is committed while its batch is not stored").allSatisfy(offset -> assertThat(offset).isNull());
            }
            assertThat(memory.all()).isEmpty();
            release.countDown();
            await(() -> memory.all().size() == events.size(), () -> "stored " + memory.all().size() + " of " + events.size());
        }
        assertThat(ids(memory.all())).isEqualTo(ids(events));
    }

    @Test
    void an_event_without_a_timestamp_replayed_from_the_start_is_counted_once(@TempDir Path dir) throws Exception {
        kafka.createTopics(3, "untimed");
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(1_000, 2, 5,
                Instant.now().truncatedTo(ChronoUnit.HOURS), "default"));
        // as a producer outside Tally may write them: no timestamp, so each takes its record's (the broker says which)
        Map<String, Instant> recordTimes = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
            for (Event e : events) {
                Map<String, Object> untimed = new LinkedHashMap<>(EventWire.of(e));
                untimed.remove("timestamp");
                sends.put(e.eventId(), producer.send(new ProducerRecord<>("untimed",
                        e.userId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(untimed))));
            }
            for (var sent : sends.entrySet()) {
                recordTimes.put(sent.getKey(), Instant.ofEpochMilli(sent.getValue().get().timestamp()));
            }
        }
        // a replay of a topic longer than the store's window for re-sends with another time: found only by their time
        try (DuckDbStores duckDb = DuckDbStores.open(DuckDbConfig.at(dir.resolve("untimed.duckdb")).withDedupRecent(0))) {
            ConsumptionService real = service(duckDb.eventStore(), new ListDeadLetters());
            try (AutoCloseable first = consumer("untimed", real)) {
                await(() -> stored(duckDb).size() == events.size(), () -> "stored " + stored(duckDb).size());
            }
            AtomicLong replayedNew = new AtomicLong();
            AtomicLong replayedStored = new AtomicLong();
            StoreEventsUseCase counting = new StoreEventsUseCase() {
                @Override
                public Outcome store(String defaultProject, List<Consumed> batch) {
                    return count(real.store(defaultProject, batch));
                }

                @Override
                public Prepared prepare(String defaultProject, List<Consumed> batch) {
                    return real.prepare(defaultProject, batch);
                }

                @Override
                public Outcome store(Prepared prepared) {
                    return count(real.store(prepared));
                }

                private Outcome count(Outcome outcome) {
                    replayedNew.addAndGet(outcome.stored());
                    replayedStored.addAndGet(outcome.stored() + outcome.duplicates());
                    return outcome;
                }
            };
            // a new group reads the topic from its start
            try (AutoCloseable replay = consumer("untimed", "group-untimed-replay", counting)) {
                await(() -> replayedStored.get() == events.size(), () -> "replayed " + replayedStored.get());
            }
            assertThat(replayedNew.get()).as("stored again by the replay").isZero();
            List<Event> stored = stored(duckDb);
            assertThat(stored).hasSize(1_000);
            assertThat(stored.stream().collect(Collectors.toMap(Event::eventId, Event::timestamp))).isEqualTo(recordTimes);
        }
    }

    private static List<Event> stored(DuckDbStores duckDb) {
        List<Event> all = new ArrayList<>();
        duckDb.eventArchive().scan(10_000, all::addAll);
        return all;
    }
}
