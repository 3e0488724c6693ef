package io.tally.application.service;

import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.event.Validated;
import io.tally.domain.request.AlertRequests;
import io.tally.domain.request.RequestContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves alert rules in their wire form, reads them back through the alert rules, and shows where each stands. */
public final class AlertService implements ManageAlertsUseCase {

    private static final System.Logger LOG = System.getLogger(AlertService.class.getName());
    static final String KIND = "alert";
    static final String STANDING = "alert_state";

    /** A rule with its project, as the evaluator walks them. */
    record ProjectRule(String projectId, AlertRule rule) {
    }

    private final DefinitionStore store;
    private final ManageDefinitionsUseCase definitions;
    private final Clock clock;

    public AlertService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.clock = clock;
    }

    @Override
    public List<AlertRule> alerts(String projectId) {
        List<AlertRule> rules = new ArrayList<>();
        store.list(projectId, KIND).forEach(body -> read(projectId, body).ifPresent(rules::add));
        return rules;
    }

    @Override
    public Optional<AlertRule> alert(String projectId, String name) {
        return store.get(projectId, KIND, name).flatMap(body -> read(projectId, body));
    }

    /** A changed rule starts from {@code ok}: its old standing was judged by another rule. */
    @Override
    public boolean save(String projectId, AlertRule rule) {
        store.delete(projectId, STANDING, rule.name());
        return store.put(projectId, KIND, rule.name(), AlertRequests.wire(rule));
    }

    @Override
    public boolean delete(String projectId, String name) {
        store.delete(projectId, STANDING, name);
        return store.delete(projectId, KIND, name);
    }

    @Override
    public Optional<Map<String, Object>> standing(String projectId, String name) {
        if (store.get(projectId, KIND, name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.get(projectId, STANDING, name).orElseGet(AlertStanding::empty));
    }

    /** Every readable rule of every project. */
    List<ProjectRule> everyRule() {
        List<ProjectRule> rules = new ArrayList<>();
        for (DefinitionStore.Entry entry : store.entries()) {
            if (entry.kind().equals(KIND)) {
                read(entry.projectId(), entry.body()).ifPresent(rule -> rules.add(new ProjectRule(entry.projectId(), rule)));
            }
        }
        return rules;
    }

    private Optional<AlertRule> read(String projectId, Map<String, Object> body) {
        RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId));
        return switch (AlertRequests.parse(body, context)) {
            case Validated.Valid<AlertRule> valid -> Optional.of(valid.value());
            case Validated.Invalid<AlertRule> invalid -> {
                LOG.log(System.Logger.Level.WARNING, "skipping a stored alert that no longer validates: " + body.get("name")
                        + " " + invalid.violations());
                yield Optional.empty();
            }
        };
    }
}
