package io.tally.ops.bench;

import io.tally.bootstrap.Tally;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.ops.kafka.LocalKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static io.tally.ops.bench.Http.JSON;

/**
 * Ingestion through Kafka: the events are put on a topic of a local broker first; then a plain consumer reads the
 * topic without doing anything with the records (the ceiling: what the broker and client deliver on this
 * machine), and then a Tally node in Kafka mode consumes the same topic into its store, timed until every event
 * is queryable.
 */
final class KafkaIngestBench implements AutoCloseable {

    private final Bench.Options options;
    private final LocalKafka kafka;

    KafkaIngestBench(Bench.Options options) throws Exception {
        this.options = options;
        this.kafka = LocalKafka.start(Files.createTempDirectory("tally-bench-kafka"), 0);
    }

    Map<String, Double> run(int seed) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        String topic = "bench-" + options.store() + "-" + seed + "-" + System.nanoTime();
        kafka.createTopics(3, topic, topic + ".dlq");
        int count = options.events();
        figures.put("kafka_produce_events_per_s", count / produce(topic, count, seed));
        figures.put("kafka_plain_consumer_events_per_s", count / consumePlainly(topic, count));

        Path place = Files.createTempDirectory("tally-bench").resolve(options.store().equals("duckdb") ? "tally.duckdb" : "clickhouse");
        Map<String, String> settings = new HashMap<>(IngestAndQueries.serverSettings(options, place));
        settings.putAll(Map.of("ingest.mode", "kafka", "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic", topic, "kafka.dead-letter-topic", topic + ".dlq", "kafka.group-id", "tally-" + topic));
        long started = System.nanoTime();
        try (Tally tally = Tally.start(settings)) {
            var client = Http.client();
            String base = "http://127.0.0.1:" + tally.port();
            while (Http.storedEvents(client, base) < count) {
                Measure.sleep(100);
            }
            figures.put("kafka_tally_stored_events_per_s", count / Measure.seconds(started));
        }
        figures.put("kafka_tally_share_of_plain_consumer", figures.get("kafka_tally_stored_events_per_s")
                / figures.get("kafka_plain_consumer_events_per_s"));
        return figures;
    }

    /** One event per record (as Tally's collector writes them), keyed by user; returns seconds until all are acknowledged. */
    private double produce(String topic, int count, int seed) throws Exception {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(count, 60, seed,
                Instant.now().truncatedTo(ChronoUnit.HOURS), IngestAndQueries.PROJECT));
        List<byte[]> values = new ArrayList<>(count);
        for (Event event : events) {
            values.add(JSON.writeValueAsBytes(EventWire.of(event)));
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            Future<?> last = null;
            for (int i = 0; i < count; i++) {
                last = producer.send(new ProducerRecord<>(topic, events.get(i).userId().getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
            last.get();
        }
        return Measure.seconds(started);
    }

    /** Reads every record of the topic and drops it; returns the seconds from subscribing to the last record. */
    private double consumePlainly(String topic, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "plain-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        long started = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (read < count) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return Measure.seconds(started);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
