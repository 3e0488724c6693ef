package io.tally.application.service;

import io.tally.application.port.in.AnswerQueriesUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.application.port.out.NotificationSender;
import io.tally.application.port.out.NotificationTelemetry;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.AlertState;
import io.tally.domain.alert.AlertStatus;
import io.tally.domain.alert.Baseline;
import io.tally.domain.alert.Verdict;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.request.AlertRequests;
import io.tally.domain.request.RequestContext;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates alert rules when they are due: the rule's metric over the window ending now (per breakdown group, at
 * most {@value #MAX_GROUPS} groups, the largest first), judged by its condition against what it needs (the previous
 * window, or the same window in earlier weeks), moved through the hysteresis of {@link AlertStatus}. Each state a
 * group enters is kept in the rule's history and sent to its destinations (in the background, with retries) and to
 * live watchers.
 */
public final class AlertEvaluator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AlertEvaluator.class.getName());
    static final int MAX_GROUPS = 100;

    private final AlertService alerts;
    private final DefinitionStore store;
    private final AnswerQueriesUseCase queries;
    private final ManageDefinitionsUseCase definitions;
    private final Notifications notifications;
    private final AlertBroadcast broadcast;
    private final NotificationTelemetry telemetry;
    private final Clock clock;
    private final Map<String, Instant> lastEvaluated = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

    public AlertEvaluator(AlertService alerts, DefinitionStore store, AnswerQueriesUseCase queries,
                          ManageDefinitionsUseCase definitions, Notifications notifications, AlertBroadcast broadcast,
                          NotificationTelemetry telemetry, Clock clock) {
        this.alerts = alerts;
        this.store = store;
        this.queries = queries;
        this.definitions = definitions;
        this.notifications = notifications;
        this.broadcast = broadcast;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** Evaluates every rule whose {@code every} has passed since its last evaluation (a new rule at once). */
    public void evaluateDue() {
        Instant now = clock.instant();
        for (SavedDefinitions.Owned<AlertRule> entry : alerts.everyRule()) {
            String key = entry.projectId() + "/" + entry.definition().name();
            Instant last = lastEvaluated.get(key);
            if (last == null || !now.isBefore(last.plus(entry.definition().every()))) {
                lastEvaluated.put(key, now);
                try {
                    evaluate(entry.projectId(), entry.definition(), now);
                } catch (RuntimeException e) {
                    telemetry.alertEvaluationFailed();
                    LOG.log(System.Logger.Level.WARNING, "alert " + key + " could not be evaluated", e);
                }
            }
        }
    }

    /** One evaluation at {@code now}; returns the notifications it raised. */
    public synchronized List<Map<String, Object>> evaluate(String projectId, AlertRule rule, Instant now) {
        RequestContext context = new RequestContext(projectId, now, definitions.definitions(projectId));
        TimeRange window = new TimeRange(now.minus(rule.window()), now);
        Map<List<Object>, Double> current = values(rule, window, context);
        Map<List<Object>, Double> previous = rule.condition().needsPrevious()
                ? values(rule, shifted(window, rule.window()), context) : Map.of();
        List<Map<List<Object>, Double>> weeks = new ArrayList<>();
        for (int week = 1; week <= rule.condition().weeksNeeded(); week++) {
            TimeRange earlier = rule.weeksBefore(window, week);
            // a week in which the project received nothing (before it existed, an outage) teaches no band
            if (receivedEvents(earlier, context)) {
                weeks.add(values(rule, earlier, context));
            }
        }
        String breakdown = rule.breakdown().orElse(null);
        AlertStanding standing = AlertStanding.read(store.get(projectId, AlertService.STANDING, rule.name())
                .orElseGet(AlertStanding::empty), breakdown);
        Set<List<Object>> groups = new LinkedHashSet<>(current.keySet());
        standing.groups.forEach((group, status) -> {
            if (status.firing()) {
                groups.add(group); // a firing group that vanished from the data is judged at zero, so it can resolve
            }
        });
        List<Map<String, Object>> raised = new ArrayList<>();
        for (List<Object> group : groups) {
            Double value = current.getOrDefault(group, rule.breakdown().isPresent() ? 0.0 : null);
            AlertStatus status = standing.groups.getOrDefault(group, AlertStatus.start(now));
            Baseline baseline = new Baseline(previous.containsKey(group) || rule.breakdown().isPresent()
                    ? optional(previous.getOrDefault(group, 0.0)) : OptionalDouble.empty(),
                    weeks.stream().map(w -> w.getOrDefault(group, 0.0)).filter(v -> v != null).toList());
            Verdict verdict = value == null ? Verdict.UNKNOWN : rule.condition().judge(value, baseline, status.firing());
            AlertStatus.Step step = status.next(verdict, value == null ? status.value() : value, now, rule.fireAfter(),
                    rule.resolveAfter());
            standing.groups.put(group, step.status());
            step.entered().ifPresent(state -> raised.add(notification(projectId, rule, group, status.state(), state,
                    step.status().value(), window, now)));
        }
        standing.evaluatedAt = now;
        for (Map<String, Object> notification : raised) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", notification.get("id"));
            entry.put("at", now.toString());
            entry.put("group", notification.get("group"));
            entry.put("state", notification.get("state"));
            entry.put("from", notification.get("from"));
            entry.put("value", notification.get("value"));
            entry.put("delivered", null);
            standing.history.addFirst(entry);
        }
        store.put(projectId, AlertService.STANDING, rule.name(), standing.wire(breakdown));
        for (Map<String, Object> notification : raised) {
            telemetry.alertEntered(notification.get("state").toString());
            broadcast.publish(projectId, notification);
            if (!rule.deliveries().isEmpty()) {
                deliveries.submit(() -> deliver(projectId, rule, notification));
            }
        }
        return raised;
    }

    private void deliver(String projectId, AlertRule rule, Map<String, Object> notification) {
        String subject = "[Tally] " + rule.name() + " is " + notification.get("state") + ": " + rule.metric() + " = "
                + notification.get("value") + (notification.get("group") == null ? "" : " for " + notification.get("group"));
        String text = subject + "\nCondition: " + notification.get("condition") + " over " + rule.window().toString()
                .substring(2).toLowerCase(Locale.ROOT) + "\nProject: " + projectId + "\nAt: " + notification.get("at")
                + (rule.description().isEmpty() ? "" : "\n\n" + rule.description());
        List<Map<String, Object>> outcomes = notifications.deliver("alert", rule.deliveries(), new NotificationSender.Notification(
                notification.get("id").toString(), subject, text, notification, List.of()));
        recordDelivery(projectId, rule, notification.get("id"), outcomes);
    }

    /** Writes how a notification's deliveries ended into the history entry it belongs to. */
    @SuppressWarnings("unchecked")
    private synchronized void recordDelivery(String projectId, AlertRule rule, Object id, List<Map<String, Object>> outcomes) {
        store.get(projectId, AlertService.STANDING, rule.name()).ifPresent(wire -> {
            Map<String, Object> updated = new LinkedHashMap<>(wire);
            List<Object> history = new ArrayList<>();
            for (Object item : (List<Object>) wire.getOrDefault("history", List.of())) {
                Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) item);
                if (id.equals(entry.get("id"))) {
                    entry.put("delivered", outcomes);
                }
                history.add(entry);
            }
            updated.put("history", history);
            store.put(projectId, AlertService.STANDING, rule.name(), updated);
        });
    }

    private Map<String, Object> notification(String projectId, AlertRule rule, List<Object> group, AlertState from,
                                             AlertState to, double value, TimeRange window, Instant now) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", "alert");
        n.put("id", UUID.randomUUID().toString());
        n.put("project", projectId);
        n.put("alert", rule.name());
        n.put("state", to.label());
        n.put("from", from.label());
        n.put("group", AlertStanding.group(group, rule.breakdown().orElse(null)));
        n.put("metric", rule.metric());
        n.put("value", value);
        n.put("condition", rule.condition().words());
        n.put("window", Map.of("from", window.from().toString(), "to", window.to().toString()));
        n.put("at", now.toString());
        return n;
    }

    /** The metric per group over the range: a group is the breakdown's value, or nothing for the whole. */
    private Map<List<Object>, Double> values(AlertRule rule, TimeRange range, RequestContext context) {
        Report report = report(AlertRequests.query(rule, range, context));
        Map<List<Object>, Double> values = new LinkedHashMap<>();
        if (rule.breakdown().isEmpty()) {
            values.put(List.of(), number(report.totals().getFirst()));
            return values;
        }
        List<Report.Row> rows = new ArrayList<>(report.rows());
        rows.sort((a, b) -> Double.compare(orZero(number(b.metrics().getFirst())), orZero(number(a.metrics().getFirst()))));
        for (Report.Row row : rows.subList(0, Math.min(MAX_GROUPS, rows.size()))) {
            values.put(Arrays.asList(row.dimensions().getFirst()), number(row.metrics().getFirst()));
        }
        return values;
    }

    private boolean receivedEvents(TimeRange range, RequestContext context) {
        Number events = report(AlertRequests.activity(range, context)).totals().getFirst();
        return events != null && events.doubleValue() > 0;
    }

    private Report report(Validated<ReportQuery> query) {
        return switch (query) {
            case Validated.Valid<ReportQuery> valid -> queries.report(valid.value()).result();
            case Validated.Invalid<ReportQuery> invalid ->
                    throw new IllegalStateException("the alert's query no longer reads: " + invalid.violations());
        };
    }

    private static TimeRange shifted(TimeRange range, Duration back) {
        return new TimeRange(range.from().minus(back), range.to().minus(back));
    }

    private static Double number(Number n) {
        return n == null || Double.isNaN(n.doubleValue()) ? null : n.doubleValue();
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Waits for deliveries under way, a few seconds at most. */
    @Override
    public void close() {
        deliveries.shutdown();
        try {
            deliveries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
