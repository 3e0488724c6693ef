package io.tally.adapter.out.kafka;

import io.tally.application.port.out.DeadLetters;
import io.tally.application.port.out.StoreException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Writes refused records to the dead-letter topic as they arrived, with headers naming the error and the origin:
 * {@code tally.error.reason}, {@code tally.error.message}, {@code tally.origin.topic}, {@code .partition},
 * {@code .offset}, {@code .timestamp}.
 */
final class KafkaDeadLetters implements DeadLetters {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    KafkaDeadLetters(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void send(List<DeadLetter> letters) {
        List<Future<?>> acks = new ArrayList<>();
        for (DeadLetter letter : letters) {
            RecordHeaders headers = new RecordHeaders();
            header(headers, "tally.error.reason", letter.reason());
            header(headers, "tally.error.message", letter.message());
            header(headers, "tally.origin.topic", letter.origin().topic());
            header(headers, "tally.origin.partition", Integer.toString(letter.origin().partition()));
            header(headers, "tally.origin.offset", Long.toString(letter.origin().offset()));
            header(headers, "tally.origin.timestamp", String.valueOf(letter.origin().timestamp()));
            acks.add(producer.send(new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers)));
        }
        try {
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new StoreException("writing dead letters failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while writing dead letters", e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
