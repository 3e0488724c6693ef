package io.tally.adapter.out.kafka;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.EventPublisher;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produces each event as its wire JSON, keyed by {@code project_id:user_id} so one user's events stay in one
 * partition, in order. Idempotent producer, {@code acks=all}, lz4.
 */
final class KafkaEventPublisher implements EventPublisher {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    KafkaEventPublisher(KafkaProducer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Void> publish(List<Event> events) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks[i] = ack;
            try {
                byte[] key = (event.projectId() + ":" + event.userId()).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(EventWire.of(event))),
                        (metadata, error) -> {
                            if (error == null) {
                                ack.complete(null);
                            } else {
                                ack.completeExceptionally(error);
                            }
                        });
            } catch (JsonProcessingException e) {
                ack.completeExceptionally(e);
            } catch (RuntimeException e) { // the broker unreachable for max.block.ms, a closed producer
                ack.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(acks);
    }
}
