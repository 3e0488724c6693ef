package io.tally.application.service;

import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one alert stands, as stored: the time of its last evaluation, a status per group (the breakdown's value, or
 * none), and its history of state changes, newest first and at most {@value #MAX_HISTORY} long.
 */
final class AlertStanding {

    static final int MAX_HISTORY = 200;

    final Map<List<Object>, AlertStatus> groups = new LinkedHashMap<>();
    final List<Map<String, Object>> history = new ArrayList<>();
    Instant evaluatedAt;

    static Map<String, Object> empty() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("evaluated_at", null);
        wire.put("groups", List.of());
        wire.put("history", List.of());
        return wire;
    }

    @SuppressWarnings("unchecked")
    static AlertStanding read(Map<String, Object> wire, String breakdown) {
        AlertStanding standing = new AlertStanding();
        Object at = wire.get("evaluated_at");
        standing.evaluatedAt = at == null ? null : Instant.parse(at.toString());
        for (Object item : (List<Object>) wire.getOrDefault("groups", List.of())) {
            Map<String, Object> g = (Map<String, Object>) item;
            AlertStatus status = new AlertStatus(AlertState.of(g.get("state").toString()), ((Number) g.get("streak")).intValue(),
                    Instant.parse(g.get("since").toString()), ((Number) g.get("value")).doubleValue());
            standing.groups.put(key(g.get("group"), breakdown), status);
        }
        standing.history.addAll((List<Map<String, Object>>) wire.getOrDefault("history", List.of()));
        return standing;
    }

    Map<String, Object> wire(String breakdown) {
        List<Object> groupList = new ArrayList<>();
        groups.forEach((key, status) -> {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("group", group(key, breakdown));
            g.put("state", status.state().label());
            g.put("streak", status.streak());
            g.put("since", status.since().toString());
            g.put("value", status.value());
            groupList.add(g);
        });
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("evaluated_at", evaluatedAt == null ? null : evaluatedAt.toString());
        wire.put("groups", groupList);
        wire.put("history", history.size() > MAX_HISTORY ? history.subList(0, MAX_HISTORY) : history);
        return wire;
    }

    /** A group as notifications and answers show it: {@code {"<breakdown>": value}}, or null without a breakdown. */
    static Map<String, Object> group(List<Object> key, String breakdown) {
        if (key.isEmpty()) {
            return null;
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put(breakdown, key.getFirst());
        return group;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> key(Object group, String breakdown) {
        return group instanceof Map<?, ?> map ? Arrays.asList(((Map<String, Object>) map).get(breakdown)) : List.of();
    }
}
