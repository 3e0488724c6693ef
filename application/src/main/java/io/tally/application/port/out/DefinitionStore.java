package io.tally.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps saved definitions (KPIs, cohorts, later dashboards and alerts) per project and kind, as their wire form
 * (plain maps, lists, strings, numbers, booleans); they are read back through the same validation as a request.
 */
public interface DefinitionStore {

    /** Stores the body under its name; true when one was replaced. */
    boolean put(String projectId, String kind, String name, Map<String, Object> body);

    Optional<Map<String, Object>> get(String projectId, String kind, String name);

    /**
     * The entry under {@code name}, or else the one under {@code standIn}, found with the same work either way (one
     * lookup that reads and returns one stored body), so that how long it takes does not tell whether {@code name}
     * exists; empty only when neither does.
     */
    Optional<Entry> getOrStandIn(String projectId, String kind, String name, String standIn);

    /** Every body of the kind, ordered by name. */
    List<Map<String, Object>> list(String projectId, String kind);

    boolean delete(String projectId, String kind, String name);

    /** One stored definition with its keys. */
    record Entry(String projectId, String kind, String name, Map<String, Object> body) {
    }

    /** Every definition of every project and kind (for migrations). */
    List<Entry> entries();

    /** Every definition of one kind in every project (for background work: due alerts and schedules). */
    List<Entry> entries(String kind);
}
