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
     * A fingerprint of every definition of the kind in the project: it changes whenever one of them is written or
     * deleted, on any node sharing the store, so that a caller may keep them in memory and read them again only then.
     * Nothing in it depends on what a caller looks for, so reading it costs the same whatever that is.
     */
    String fingerprint(String projectId, String kind);

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
