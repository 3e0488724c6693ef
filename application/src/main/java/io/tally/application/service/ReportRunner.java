package io.tally.application.service;

import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ReportSection;
import io.tally.application.port.in.shape.Csv;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.NotificationSender;
import io.tally.application.port.out.PdfRenderer;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.schedule.ReportFormat;
import io.tally.domain.schedule.ReportSchedule;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs report schedules when their time comes: renders the dashboard (or the one query) as CSV files, one per widget,
 * or as one PDF, delivers it to every destination with retries, and records the run. A schedule is due when its
 * {@code next_run} has passed. Run records and next runs are written under one lock, so neither overwrites the other.
 */
public final class ReportRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReportRunner.class.getName());
    static final int MAX_RUNS = 50;

    private final ScheduleService schedules;
    private final DefinitionStore store;
    private final ManageDashboardsUseCase dashboards;
    private final DashboardAnswers answers;
    private final PdfRenderer pdf;
    private final Notifications notifications;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextRuns = new ConcurrentHashMap<>();

    public ReportRunner(ScheduleService schedules, DefinitionStore store, ManageDashboardsUseCase dashboards,
                        DashboardAnswers answers, PdfRenderer pdf, Notifications notifications, Clock clock) {
        this.schedules = schedules;
        this.store = store;
        this.dashboards = dashboards;
        this.answers = answers;
        this.pdf = pdf;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Starts every schedule whose next run has come. Next runs are kept here too (read from the store once, written
     * to it when they change), so a tick reads no run records.
     */
    public void runDue() {
        Instant now = clock.instant();
        for (SavedDefinitions.Owned<ReportSchedule> entry : schedules.everySchedule()) {
            String project = entry.projectId();
            ReportSchedule schedule = entry.definition();
            Instant next = nextRuns.get(key(project, schedule.name()));
            if (next == null) { // first sight since start: the stored next run, or one from now
                Optional<Instant> stored = storedNextRun(project, schedule.name());
                next = stored.isPresent() ? stored.get() : reschedule(project, schedule, now);
                nextRuns.put(key(project, schedule.name()), next);
            }
            if (!now.isBefore(next)) {
                reschedule(project, schedule, now); // before the run starts, so a slow run is never started twice
                runInBackground(project, schedule);
            }
        }
    }

    /** Sets the schedule's next run after {@code after} (a saved schedule starts from now), here and in the store. */
    synchronized Instant reschedule(String projectId, ReportSchedule schedule, Instant after) {
        Optional<Instant> next = schedule.cron().next(after, schedule.zone());
        Map<String, Object> record = new LinkedHashMap<>(store.get(projectId, ScheduleService.RUNS, schedule.name())
                .orElseGet(ScheduleService::noRuns));
        record.put("next_run", next.map(Object::toString).orElse(null));
        store.put(projectId, ScheduleService.RUNS, schedule.name(), record);
        Instant due = next.orElse(Instant.MAX); // no time in the next five years: never due
        nextRuns.put(key(projectId, schedule.name()), due);
        return due;
    }

    private Optional<Instant> storedNextRun(String projectId, String name) {
        return store.get(projectId, ScheduleService.RUNS, name).map(record -> record.get("next_run"))
                .map(next -> Instant.parse(next.toString()));
    }

    private static String key(String projectId, String name) {
        return projectId + "/" + name;
    }

    void runInBackground(String projectId, ReportSchedule schedule) {
        String key = key(projectId, schedule.name());
        if (running.putIfAbsent(key, true) != null) {
            return; // the run under way delivers the same report
        }
        runs.submit(() -> {
            try {
                run(projectId, schedule);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "scheduled report " + key + " failed", e);
            } finally {
                running.remove(key);
            }
        });
    }

    /** Renders and delivers once, then records the run; returns the run's record. */
    public Map<String, Object> run(String projectId, ReportSchedule schedule) {
        Instant at = clock.instant();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("at", at.toString());
        try {
            Rendered rendered = render(projectId, schedule);
            NotificationSender.Notification notification = new NotificationSender.Notification(UUID.randomUUID().toString(),
                    "[Tally] " + rendered.title(), rendered.title() + "\nProject: " + projectId + "\nGenerated at: " + at
                    + "\nSchedule: " + schedule.name() + " (" + schedule.cron().expression() + ", " + schedule.zone().getId() + ")",
                    payload(projectId, schedule, rendered, at), rendered.files());
            List<Map<String, Object>> deliveries = notifications.deliver("report", schedule.deliveries(), notification);
            boolean all = deliveries.stream().allMatch(d -> Boolean.TRUE.equals(d.get("ok")));
            run.put("outcome", all ? "delivered" : "failed");
            run.put("files", rendered.files().stream().map(NotificationSender.Attachment::name).toList());
            run.put("deliveries", deliveries);
        } catch (RuntimeException e) {
            run.put("outcome", "failed");
            run.put("error", String.valueOf(e.getMessage()));
            run.put("deliveries", List.of());
            LOG.log(System.Logger.Level.WARNING, "scheduled report " + schedule.name() + " could not be rendered", e);
        }
        record(projectId, schedule.name(), run);
        return run;
    }

    private record Rendered(String title, List<NotificationSender.Attachment> files) {
    }

    private Rendered render(String projectId, ReportSchedule schedule) {
        Dashboard dashboard = switch (schedule.target()) {
            case ReportSchedule.Target.DashboardNamed named -> dashboards.dashboard(projectId, named.name())
                    .orElseThrow(() -> new IllegalStateException("no dashboard is named " + named.name()));
            case ReportSchedule.Target.Query query -> new Dashboard(schedule.name(), query.widget().title(), "",
                    List.of(query.widget()));
        };
        List<ReportSection> sections = answers.sections(projectId, dashboard);
        String title = dashboard.title() + " — " + clock.instant().atZone(schedule.zone()).toLocalDate();
        List<NotificationSender.Attachment> files = new ArrayList<>();
        if (schedule.format() == ReportFormat.PDF) {
            files.add(new NotificationSender.Attachment(dashboard.name() + ".pdf", "application/pdf", pdf.render(title, sections)));
        } else {
            for (int i = 0; i < sections.size(); i++) {
                StringWriter csv = new StringWriter();
                Csv.table(csv, sections.get(i).chart());
                files.add(new NotificationSender.Attachment(dashboard.name() + "-" + dashboard.widgets().get(i).id() + ".csv",
                        "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Rendered(title, files);
    }

    private static Map<String, Object> payload(String projectId, ReportSchedule schedule, Rendered rendered, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "report");
        payload.put("project", projectId);
        payload.put("schedule", schedule.name());
        payload.put("title", rendered.title());
        payload.put("format", schedule.format().label());
        payload.put("generated_at", at.toString());
        return payload;
    }

    @SuppressWarnings("unchecked")
    private synchronized void record(String projectId, String name, Map<String, Object> run) {
        Map<String, Object> record = new LinkedHashMap<>(store.get(projectId, ScheduleService.RUNS, name)
                .orElseGet(ScheduleService::noRuns));
        List<Object> list = new ArrayList<>();
        list.add(run);
        list.addAll((List<Object>) record.getOrDefault("runs", List.of()));
        record.put("runs", list.size() > MAX_RUNS ? list.subList(0, MAX_RUNS) : list);
        store.put(projectId, ScheduleService.RUNS, name, record);
    }

    @Override
    public void close() {
        runs.shutdown();
        try {
            runs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
