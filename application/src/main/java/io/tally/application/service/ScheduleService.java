package io.tally.application.service;

import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.event.Validated;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.ScheduleRequests;
import io.tally.domain.schedule.ReportSchedule;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves report schedules, shows their runs, and hands runs on demand to the runner. */
public final class ScheduleService implements ManageSchedulesUseCase {

    private static final System.Logger LOG = System.getLogger(ScheduleService.class.getName());
    static final String KIND = "schedule";
    static final String RUNS = "schedule_runs";

    /** A schedule with its project, as the runner walks them. */
    record ProjectSchedule(String projectId, ReportSchedule schedule) {
    }

    private final DefinitionStore store;
    private final ManageDefinitionsUseCase definitions;
    private final Clock clock;
    private volatile ReportRunner runner;

    public ScheduleService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.clock = clock;
    }

    /** The runner that carries out runs on demand (set once at start: the runner reads schedules through this service). */
    public void runWith(ReportRunner runner) {
        this.runner = runner;
    }

    @Override
    public List<ReportSchedule> schedules(String projectId) {
        List<ReportSchedule> schedules = new ArrayList<>();
        store.list(projectId, KIND).forEach(body -> read(projectId, body).ifPresent(schedules::add));
        return schedules;
    }

    @Override
    public Optional<ReportSchedule> schedule(String projectId, String name) {
        return store.get(projectId, KIND, name).flatMap(body -> read(projectId, body));
    }

    /** A changed schedule is due at its next time from now; its earlier runs stay listed. */
    @Override
    public boolean save(String projectId, ReportSchedule schedule) {
        boolean replaced = store.put(projectId, KIND, schedule.name(), ScheduleRequests.wire(schedule));
        Map<String, Object> runs = new LinkedHashMap<>(store.get(projectId, RUNS, schedule.name()).orElseGet(ScheduleService::noRuns));
        runs.put("next_run", schedule.cron().next(clock.instant(), schedule.zone()).map(Object::toString).orElse(null));
        store.put(projectId, RUNS, schedule.name(), runs);
        return replaced;
    }

    @Override
    public boolean delete(String projectId, String name) {
        store.delete(projectId, RUNS, name);
        return store.delete(projectId, KIND, name);
    }

    @Override
    public Optional<Map<String, Object>> runs(String projectId, String name) {
        if (store.get(projectId, KIND, name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store.get(projectId, RUNS, name).orElseGet(ScheduleService::noRuns));
    }

    @Override
    public boolean runNow(String projectId, String name) {
        Optional<ReportSchedule> schedule = schedule(projectId, name);
        schedule.ifPresent(s -> runner.runInBackground(projectId, s));
        return schedule.isPresent();
    }

    static Map<String, Object> noRuns() {
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("next_run", null);
        runs.put("runs", List.of());
        return runs;
    }

    List<ProjectSchedule> everySchedule() {
        List<ProjectSchedule> schedules = new ArrayList<>();
        for (DefinitionStore.Entry entry : store.entries()) {
            if (entry.kind().equals(KIND)) {
                read(entry.projectId(), entry.body()).ifPresent(s -> schedules.add(new ProjectSchedule(entry.projectId(), s)));
            }
        }
        return schedules;
    }

    private Optional<ReportSchedule> read(String projectId, Map<String, Object> body) {
        RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId));
        return switch (ScheduleRequests.parse(body, context)) {
            case Validated.Valid<ReportSchedule> valid -> Optional.of(valid.value());
            case Validated.Invalid<ReportSchedule> invalid -> {
                LOG.log(System.Logger.Level.WARNING, "skipping a stored schedule that no longer validates: " + body.get("name")
                        + " " + invalid.violations());
                yield Optional.empty();
            }
        };
    }
}
