package io.tally.adapter.out.kafka;

import io.tally.application.port.out.DeadLetterReplay;
import io.tally.application.port.out.StoreException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Reads the dead-letter topic from {@code since} (or its start) up to its end as of the call, without a consumer group,
 * and produces each record's original key and value to the event topic again, marked {@code tally.replayed-from}.
 * Records that are still refused go back to the dead letters; they are past this run's end, so a run always ends.
 */
final class KafkaDeadLetterReplay implements DeadLetterReplay {

    private final KafkaMessaging.Settings settings;
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaDeadLetterReplay(KafkaMessaging.Settings settings, KafkaProducer<byte[], byte[]> producer) {
        this.settings = settings;
        this.producer = producer;
    }

    @Override
    public long replay(Optional<Instant> since) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.deadLetterTopic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> start = new HashMap<>(consumer.beginningOffsets(partitions, Duration.ofSeconds(10)));
            if (since.isPresent()) {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, since.get().toEpochMilli()));
                consumer.offsetsForTimes(query, Duration.ofSeconds(10)).forEach((p, found) ->
                        start.put(p, found == null ? end.get(p) : ((OffsetAndTimestamp) found).offset()));
            }
            start.forEach(consumer::seek);
            long sent = 0;
            List<Future<?>> acks = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("tally.replayed-from", (record.topic() + "/" + record.partition() + "/" + record.offset())
                            .getBytes(StandardCharsets.UTF_8));
                    acks.add(producer.send(new ProducerRecord<>(settings.topic(), null, record.key(), record.value(), headers)));
                    sent++;
                }
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            return sent;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while replaying dead letters", e);
        } catch (Exception e) {
            throw new StoreException("replaying dead letters failed: " + e.getMessage(), e);
        }
    }
}
