package io.tally.application.port.in;

import io.tally.domain.schedule.ReportSchedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scheduled reports of a project, their runs, and a run on demand. */
public interface ManageSchedulesUseCase {

    List<ReportSchedule> schedules(String projectId);

    Optional<ReportSchedule> schedule(String projectId, String name);

    /** Saves a schedule under its name; true when it replaced one. */
    boolean save(String projectId, ReportSchedule schedule);

    boolean delete(String projectId, String name);

    /**
     * {@code {"next_run", "runs": [{"at", "outcome": "delivered"|"failed", "deliveries": [{"channel", "to", "ok",
     * "attempts", "error"}]}]}}, newest run first; empty for an unknown schedule.
     */
    Optional<Map<String, Object>> runs(String projectId, String name);

    /** Runs the schedule now, in the background; false for an unknown schedule. */
    boolean runNow(String projectId, String name);
}
