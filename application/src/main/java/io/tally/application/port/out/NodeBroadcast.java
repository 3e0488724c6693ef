package io.tally.application.port.out;

import io.tally.domain.event.Event;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What one node tells every other node, so that each serves its own WebSocket clients whole: the events it stored
 * (a node stores only what reaches it: its HTTP requests, its Kafka partitions) and the alert changes it raised
 * (one node evaluates alerts). Best effort: a lost message costs live clients some counts or a notification, never
 * stored data, and queries stay exact. Sending returns at once; a node never hears its own messages back.
 */
public interface NodeBroadcast extends AutoCloseable {

    void eventsStored(List<Event> events);

    /** An alert notification in its wire form (see {@code docs/alerts.md}). */
    void alertRaised(String projectId, Map<String, Object> notification);

    /** Where the events other nodes stored are handed. */
    void onEventsStored(Consumer<List<Event>> receiver);

    /** Where the alert notifications other nodes raised are handed. */
    void onAlertRaised(BiConsumer<String, Map<String, Object>> receiver);

    @Override
    void close();

    /** One node alone: nothing to tell. */
    NodeBroadcast NONE = new NodeBroadcast() {
        @Override
        public void eventsStored(List<Event> events) {
        }

        @Override
        public void alertRaised(String projectId, Map<String, Object> notification) {
        }

        @Override
        public void onEventsStored(Consumer<List<Event>> receiver) {
        }

        @Override
        public void onAlertRaised(BiConsumer<String, Map<String, Object>> receiver) {
        }

        @Override
        public void close() {
        }
    };
}
