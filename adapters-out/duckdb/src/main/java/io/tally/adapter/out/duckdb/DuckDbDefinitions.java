package io.tally.adapter.out.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.StoreException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Saved definitions in the {@code definitions} table, each body as JSON. */
final class DuckDbDefinitions implements DefinitionStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<Map<String, Object>> BODY = new TypeReference<>() {
    };

    private final DbClient db;

    DuckDbDefinitions(DbClient db) {
        this.db = db;
    }

    @Override
    public synchronized boolean put(String projectId, String kind, String name, Map<String, Object> body) {
        try {
            boolean existed = get(projectId, kind, name).isPresent();
            db.execute().createInsert("""
                            INSERT OR REPLACE INTO definitions VALUES (:project, :kind, :name, :body, CAST(now() AS TIMESTAMP))""")
                    .addParam("project", projectId).addParam("kind", kind).addParam("name", name)
                    .addParam("body", JSON.writeValueAsString(body))
                    .execute();
            return existed;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a definition body must be plain JSON values", e);
        } catch (RuntimeException e) {
            throw new StoreException("saving a definition failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Map<String, Object>> get(String projectId, String kind, String name) {
        try (Stream<DbRow> rows = db.execute().createQuery(
                        "SELECT CAST(body AS VARCHAR) AS body FROM definitions WHERE project_id = :project AND kind = :kind AND name = :name")
                .addParam("project", projectId).addParam("kind", kind).addParam("name", name).execute()) {
            return rows.findFirst().map(DuckDbDefinitions::body);
        } catch (RuntimeException e) {
            throw new StoreException("reading a definition failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String fingerprint(String projectId, String kind) {
        // a replaced row has a new updated_at and usually a new body; a deleted one lowers the count
        try (Stream<DbRow> rows = db.execute().createQuery("""
                        SELECT concat(count(*), ':', coalesce(bit_xor(hash(name, CAST(body AS VARCHAR), updated_at)), 0)) AS fingerprint
                        FROM definitions WHERE project_id = :project AND kind = :kind""")
                .addParam("project", projectId).addParam("kind", kind).execute()) {
            return rows.findFirst().map(row -> row.column("fingerprint").get(String.class)).orElse("");
        } catch (RuntimeException e) {
            throw new StoreException("reading definitions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Map<String, Object>> list(String projectId, String kind) {
        try (Stream<DbRow> rows = db.execute().createQuery(
                        "SELECT CAST(body AS VARCHAR) AS body FROM definitions WHERE project_id = :project AND kind = :kind ORDER BY name")
                .addParam("project", projectId).addParam("kind", kind).execute()) {
            return rows.map(DuckDbDefinitions::body).toList();
        } catch (RuntimeException e) {
            throw new StoreException("listing definitions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> entries() {
        try (Stream<DbRow> rows = db.execute().createQuery(
                "SELECT project_id, kind, name, CAST(body AS VARCHAR) AS body FROM definitions ORDER BY project_id, kind, name")
                .execute()) {
            return rows.map(row -> new Entry(row.column("project_id").get(String.class), row.column("kind").get(String.class),
                    row.column("name").get(String.class), body(row))).toList();
        } catch (RuntimeException e) {
            throw new StoreException("listing definitions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> entries(String kind) {
        try (Stream<DbRow> rows = db.execute().createQuery(
                        "SELECT project_id, name, CAST(body AS VARCHAR) AS body FROM definitions WHERE kind = :kind ORDER BY project_id, name")
                .addParam("kind", kind).execute()) {
            return rows.map(row -> new Entry(row.column("project_id").get(String.class), kind,
                    row.column("name").get(String.class), body(row))).toList();
        } catch (RuntimeException e) {
            throw new StoreException("listing definitions failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(String projectId, String kind, String name) {
        try {
            return db.execute().createDelete("DELETE FROM definitions WHERE project_id = :project AND kind = :kind AND name = :name")
                    .addParam("project", projectId).addParam("kind", kind).addParam("name", name).execute() > 0;
        } catch (RuntimeException e) {
            throw new StoreException("deleting a definition failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> body(DbRow row) {
        try {
            return JSON.readValue(row.column("body").get(String.class), BODY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition is not JSON", e);
        }
    }
}
