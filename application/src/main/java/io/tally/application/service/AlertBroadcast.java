package io.tally.application.service;

import io.tally.application.port.in.WatchAlertsUseCase;
import io.tally.application.port.out.NodeBroadcast;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands each alert notification to the project's live watchers (WebSocket clients): those of this node, and through
 * the broadcast those of every other node, since one node evaluates alerts but watchers connect to any.
 */
public final class AlertBroadcast implements WatchAlertsUseCase {

    private static final System.Logger LOG = System.getLogger(AlertBroadcast.class.getName());

    private final Map<String, List<Consumer<Map<String, Object>>>> watchers = new ConcurrentHashMap<>();
    private final NodeBroadcast nodes;

    /** Watchers of this node only. */
    public AlertBroadcast() {
        this(NodeBroadcast.NONE);
    }

    public AlertBroadcast(NodeBroadcast nodes) {
        this.nodes = nodes;
        nodes.onAlertRaised(this::publishHere);
    }

    @Override
    public AutoCloseable watch(String projectId, Consumer<Map<String, Object>> listener) {
        watchers.computeIfAbsent(projectId, p -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> watchers.getOrDefault(projectId, List.of()).remove(listener);
    }

    void publish(String projectId, Map<String, Object> notification) {
        publishHere(projectId, notification);
        nodes.alertRaised(projectId, notification);
    }

    /** A watcher that throws is logged and skipped; the others still get the notification. */
    private void publishHere(String projectId, Map<String, Object> notification) {
        for (Consumer<Map<String, Object>> listener : watchers.getOrDefault(projectId, List.of())) {
            try {
                listener.accept(notification);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an alert watcher failed", e);
            }
        }
    }

    int watchers(String projectId) {
        return watchers.getOrDefault(projectId, List.of()).size();
    }
}
