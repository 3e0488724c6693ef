package io.tally.application.service;

import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.request.AlertRequests;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves alert rules in their wire form, reads them back through the alert rules, and shows where each stands. */
public final class AlertService implements ManageAlertsUseCase {

    static final String STANDING = "alert_state";

    private final DefinitionStore store;
    private final SavedDefinitions<AlertRule> saved;

    public AlertService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.store = store;
        this.saved = new SavedDefinitions<>(store, "alert", definitions, clock, AlertRequests::parse, AlertRule::name,
                AlertRequests::wire);
    }

    @Override
    public List<AlertRule> alerts(String projectId) {
        return saved.list(projectId);
    }

    @Override
    public Optional<AlertRule> alert(String projectId, String name) {
        return saved.get(projectId, name);
    }

    /** A changed rule starts from {@code ok}: its old standing was judged by another rule. */
    @Override
    public boolean save(String projectId, AlertRule rule) {
        store.delete(projectId, STANDING, rule.name());
        return saved.put(projectId, rule);
    }

    @Override
    public boolean delete(String projectId, String name) {
        store.delete(projectId, STANDING, name);
        return saved.delete(projectId, name);
    }

    @Override
    public Optional<Map<String, Object>> standing(String projectId, String name) {
        if (!saved.exists(projectId, name)) {
            return Optional.empty();
        }
        return Optional.of(store.get(projectId, STANDING, name).orElseGet(AlertStanding::empty));
    }

    /** Every readable rule of every project. */
    List<SavedDefinitions.Owned<AlertRule>> everyRule() {
        return saved.everywhere();
    }
}
