package io.tally.application.service;

import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.request.ScheduleRequests;
import io.tally.domain.schedule.ReportSchedule;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves report schedules, shows their runs, and hands runs on demand to the runner. */
public final class ScheduleService implements ManageSchedulesUseCase {

    static final String RUNS = "schedule_runs";

    private final DefinitionStore store;
    private final SavedDefinitions<ReportSchedule> saved;
    private final Clock clock;
    private volatile ReportRunner runner;

    public ScheduleService(DefinitionStore store, ManageDefinitionsUseCase definitions, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.saved = new SavedDefinitions<>(store, "schedule", definitions, clock, ScheduleRequests::parse,
                ReportSchedule::name, ScheduleRequests::wire);
    }

    /** The runner that carries out runs on demand (set once at start: the runner reads schedules through this service). */
    public void runWith(ReportRunner runner) {
        this.runner = runner;
    }

    @Override
    public List<ReportSchedule> schedules(String projectId) {
        return saved.list(projectId);
    }

    @Override
    public Optional<ReportSchedule> schedule(String projectId, String name) {
        return saved.get(projectId, name);
    }

    /** A changed schedule is due at its next time from now; its earlier runs stay listed. */
    @Override
    public boolean save(String projectId, ReportSchedule schedule) {
        boolean replaced = saved.put(projectId, schedule);
        runner.reschedule(projectId, schedule, clock.instant());
        return replaced;
    }

    @Override
    public boolean delete(String projectId, String name) {
        store.delete(projectId, RUNS, name);
        return saved.delete(projectId, name);
    }

    @Override
    public Optional<Map<String, Object>> runs(String projectId, String name) {
        if (!saved.exists(projectId, name)) {
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

    List<SavedDefinitions.Owned<ReportSchedule>> everySchedule() {
        return saved.everywhere();
    }
}
