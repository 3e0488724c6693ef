package io.tally.adapter.out.clickhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.StoreException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saved definitions in a ReplacingMergeTree keyed by project, kind and name: every change is a new row with a
 * higher version (a deletion is a row marked deleted), read back with FINAL.
 */
final class ClickHouseDefinitions implements DefinitionStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<Map<String, Object>> BODY = new TypeReference<>() {
    };

    private final ClickHouseTransport clickhouse;
    private long lastVersion;

    ClickHouseDefinitions(ClickHouseTransport clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Versions only grow, even when the clock does not. */
    private synchronized long nextVersion() {
        lastVersion = Math.max(lastVersion + 1, System.currentTimeMillis() * 1000);
        return lastVersion;
    }

    @Override
    public synchronized boolean put(String projectId, String kind, String name, Map<String, Object> body) {
        boolean existed = get(projectId, kind, name).isPresent();
        try {
            write(projectId, kind, name, JSON.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a definition body must be plain JSON values", e);
        }
        return existed;
    }

    @Override
    public Optional<Map<String, Object>> get(String projectId, String kind, String name) {
        String answer = run("""
                SELECT body FROM definitions FINAL
                WHERE project_id = {project:String} AND kind = {kind:String} AND name = {name:String} AND deleted = 0""",
                Map.of("project", projectId, "kind", kind, "name", name));
        return answer.isBlank() ? Optional.empty() : Optional.of(body(answer.strip()));
    }

    @Override
    public String fingerprint(String projectId, String kind) {
        // every write (a deletion too) is a new row with a version of its own, so it changes the count and the hashes
        // (read without FINAL and without the bodies: a merge may change them too, which only costs a needless read)
        return run("""
                SELECT concat(toString(count()), ':', toString(groupBitXor(cityHash64(name, version, deleted))))
                FROM definitions WHERE project_id = {project:String} AND kind = {kind:String}""",
                Map.of("project", projectId, "kind", kind)).strip();
    }

    @Override
    public List<Map<String, Object>> list(String projectId, String kind) {
        String answer = run("""
                SELECT body FROM definitions FINAL
                WHERE project_id = {project:String} AND kind = {kind:String} AND deleted = 0 ORDER BY name""",
                Map.of("project", projectId, "kind", kind));
        return answer.lines().filter(line -> !line.isBlank()).map(ClickHouseDefinitions::body).toList();
    }

    @Override
    public List<Entry> entries() {
        String answer = run("""
                SELECT project_id, kind, name, body FROM definitions FINAL WHERE deleted = 0
                ORDER BY project_id, kind, name""", Map.of());
        return answer.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] f = line.split("\t", 4); // project ids, kinds and names hold no tabs (validated names)
            return new Entry(f[0], f[1], f[2], body(f[3]));
        }).toList();
    }

    @Override
    public List<Entry> entries(String kind) {
        String answer = run("""
                SELECT project_id, name, body FROM definitions FINAL WHERE kind = {kind:String} AND deleted = 0
                ORDER BY project_id, name""", Map.of("kind", kind));
        return answer.lines().filter(line -> !line.isBlank()).map(line -> {
            String[] f = line.split("\t", 3); // project ids and names hold no tabs (validated names)
            return new Entry(f[0], kind, f[1], body(f[2]));
        }).toList();
    }

    @Override
    public synchronized boolean delete(String projectId, String kind, String name) {
        if (get(projectId, kind, name).isEmpty()) {
            return false;
        }
        write(projectId, kind, name, "{}", true);
        return true;
    }

    private void write(String projectId, String kind, String name, String body, boolean deleted) {
        run("""
                INSERT INTO definitions SELECT {project:String}, {kind:String}, {name:String}, {body:String},
                       {version:UInt64}, {deleted:UInt8}""",
                Map.of("project", projectId, "kind", kind, "name", name, "body", body,
                        "version", Long.toString(nextVersion()), "deleted", deleted ? "1" : "0"));
    }

    private String run(String sql, Map<String, String> parameters) {
        try {
            return clickhouse.query(sql, "TSVRaw", parameters);
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse definitions failed: " + e.getMessage(), e);
        }
    }

    /** TSVRaw leaves the JSON as stored; JSON strings escape tabs and newlines, so one body is one line. */
    private static Map<String, Object> body(String line) {
        try {
            return JSON.readValue(line, BODY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition is not JSON", e);
        }
    }
}
