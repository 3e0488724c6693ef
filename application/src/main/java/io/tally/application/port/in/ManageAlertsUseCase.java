package io.tally.application.port.in;

import io.tally.domain.alert.AlertRule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alert rules of a project, and where each stands. */
public interface ManageAlertsUseCase {

    List<AlertRule> alerts(String projectId);

    Optional<AlertRule> alert(String projectId, String name);

    /** Saves a rule under its name (its standing starts again); true when it replaced one. */
    boolean save(String projectId, AlertRule rule);

    boolean delete(String projectId, String name);

    /**
     * The rule's standing: {@code {"evaluated_at", "groups": [{"group", "state", "since", "value"}], "history":
     * [{"at", "group", "state", "from", "value", "delivered"}]}}, newest history first; empty for an unknown rule.
     */
    Optional<Map<String, Object>> standing(String projectId, String name);
}
