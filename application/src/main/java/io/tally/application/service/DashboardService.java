package io.tally.application.service;

import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.event.Validated;
import io.tally.domain.request.DashboardRequests;
import io.tally.domain.request.RequestContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves dashboards in their wire form and reads them back through the dashboard rules. */
public final class DashboardService implements ManageDashboardsUseCase {

    private static final System.Logger LOG = System.getLogger(DashboardService.class.getName());
    static final String KIND = "dashboard";

    private final DefinitionStore store;
    private final ManageDefinitionsUseCase definitions;
    private final Clock clock;

    public DashboardService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.clock = clock;
    }

    @Override
    public List<Dashboard> dashboards(String projectId) {
        List<Dashboard> dashboards = new ArrayList<>();
        store.list(projectId, KIND).forEach(body -> read(projectId, body).ifPresent(dashboards::add));
        return dashboards;
    }

    @Override
    public Optional<Dashboard> dashboard(String projectId, String name) {
        return store.get(projectId, KIND, name).flatMap(body -> read(projectId, body));
    }

    @Override
    public boolean save(String projectId, Dashboard dashboard) {
        return store.put(projectId, KIND, dashboard.name(), DashboardRequests.wire(dashboard));
    }

    @Override
    public boolean delete(String projectId, String name) {
        return store.delete(projectId, KIND, name);
    }

    /**
     * A stored dashboard whose widget no longer validates (a KPI it names was deleted) is still served: that widget
     * answers with its problems, so one broken widget does not hide the page.
     */
    private Optional<Dashboard> read(String projectId, Map<String, Object> body) {
        RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId));
        return switch (DashboardRequests.parse(body, context)) {
            case Validated.Valid<Dashboard> valid -> Optional.of(valid.value());
            case Validated.Invalid<Dashboard> invalid -> {
                Optional<Dashboard> unchecked = DashboardRequests.unchecked(body);
                if (unchecked.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "skipping a stored dashboard that no longer reads: " + body.get("name")
                            + " " + invalid.violations());
                }
                yield unchecked;
            }
        };
    }
}
