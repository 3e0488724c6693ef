package io.tally.application.fake;

import io.tally.application.port.out.DefinitionStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Saved definitions in a map, for tests of the core; every write moves the fingerprint of every kind. */
public final class MemoryDefinitions implements DefinitionStore {

    private final Map<String, Map<String, Object>> bodies = new TreeMap<>();
    private long writes;

    private static String key(String projectId, String kind, String name) {
        return projectId + "\u0000" + kind + "\u0000" + name;
    }

    @Override
    public synchronized boolean put(String projectId, String kind, String name, Map<String, Object> body) {
        writes++;
        return bodies.put(key(projectId, kind, name), Map.copyOf(body)) != null;
    }

    @Override
    public synchronized Optional<Map<String, Object>> get(String projectId, String kind, String name) {
        return Optional.ofNullable(bodies.get(key(projectId, kind, name)));
    }

    @Override
    public synchronized String fingerprint(String projectId, String kind) {
        return Long.toString(writes); // every write counts, of any kind: a change is never missed
    }

    @Override
    public synchronized List<Map<String, Object>> list(String projectId, String kind) {
        String prefix = key(projectId, kind, "");
        List<Map<String, Object>> found = new ArrayList<>();
        bodies.forEach((key, body) -> {
            if (key.startsWith(prefix)) {
                found.add(body);
            }
        });
        return found;
    }

    @Override
    public synchronized List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        bodies.forEach((key, body) -> {
            String[] parts = key.split("\u0000", 3);
            entries.add(new Entry(parts[0], parts[1], parts[2], body));
        });
        return entries;
    }

    @Override
    public synchronized List<Entry> entries(String kind) {
        return entries().stream().filter(entry -> entry.kind().equals(kind)).toList();
    }

    @Override
    public synchronized boolean delete(String projectId, String kind, String name) {
        writes++;
        return bodies.remove(key(projectId, kind, name)) != null;
    }
}
