package io.tally.application.service;

import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.request.DashboardRequests;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Saves dashboards in their wire form and reads them back through the dashboard rules. */
public final class DashboardService implements ManageDashboardsUseCase {

    private final SavedDefinitions<Dashboard> saved;

    public DashboardService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.saved = new SavedDefinitions<>(store, "dashboard", definitions, clock, DashboardService::read,
                Dashboard::name, DashboardRequests::wire);
    }

    /**
     * A stored dashboard whose widget no longer validates (a KPI it names was deleted) is still served: that widget
     * answers with its problems, so one broken widget does not hide the page.
     */
    private static Validated<Dashboard> read(Object body, RequestContext context) {
        Validated<Dashboard> checked = DashboardRequests.parse(body, context);
        return checked instanceof Validated.Invalid<Dashboard> invalid
                ? DashboardRequests.unchecked(body).<Validated<Dashboard>>map(Validated.Valid::new).orElse(invalid)
                : checked;
    }

    @Override
    public List<Dashboard> dashboards(String projectId) {
        return saved.list(projectId);
    }

    @Override
    public Optional<Dashboard> dashboard(String projectId, String name) {
        return saved.get(projectId, name);
    }

    @Override
    public boolean save(String projectId, Dashboard dashboard) {
        return saved.put(projectId, dashboard);
    }

    @Override
    public boolean delete(String projectId, String name) {
        return saved.delete(projectId, name);
    }
}
