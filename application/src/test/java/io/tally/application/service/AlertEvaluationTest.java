package io.tally.application.service;

import io.tally.application.fake.MemoryDefinitions;
import io.tally.application.fake.MemoryEngine;
import io.tally.application.fake.MovableClock;
import io.tally.application.port.out.NotificationSender;
import io.tally.application.port.out.NotificationTelemetry;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.alert.AlertRule;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.AlertRequests;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert evaluator on the reference engine's answers (the domain's definitions, {@link MemoryEngine}), minute by
 * minute over two hours of planted traffic. Every minute m (0..119) has one signup on plan "free"; minutes 60..69 add
 * nine on plan "pro" (a spike). The rule counts signups
 * over the last 10 minutes, fires above 50 and, once firing, clears at or below 20, twice in a row.
 * <p>
 * Worked by hand: at minute k the window holds minutes k-10..k-1, so the count is 10 + 9 × (spike minutes in it).
 * It first exceeds 50 at k = 65 (spike minutes 60..64: 10 + 45 = 55). It is at most 20 from k = 79 (only minute 69
 * left: 19), so the second clear evaluation in a row is k = 80, with 10 signups: resolved.
 */
class AlertEvaluationTest {

    private static final String PROJECT = "alerts";
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private final MemoryEngine store = new MemoryEngine();
    private final MemoryDefinitions definitionStore = new MemoryDefinitions();
    private final List<NotificationSender.Notification> sent = new CopyOnWriteArrayList<>();
    private final MovableClock clock = new MovableClock(T0);


    private static Event signup(String id, Instant at, String plan) {
        return new Event(id, PROJECT, "u-" + id, "s-" + id, "signup", at, Map.of("plan", PropertyValue.of(plan)), "", "", at);
    }

    private void plantTraffic() {
        List<Event> events = new ArrayList<>();
        for (int m = 0; m < 120; m++) {
            Instant at = T0.plus(Duration.ofMinutes(m)).plusSeconds(30);
            events.add(signup("free-" + m, at, "free"));
            if (m >= 60 && m < 70) {
                for (int k = 0; k < 9; k++) {
                    events.add(signup("pro-" + m + "-" + k, at.plusMillis(k), "pro"));
                }
            }
            // other event types are not signups and must not count
            events.add(new Event("view-" + m, PROJECT, "v", "s", "page_view", at, Map.of(), "", "", at));
        }
        store.append(events);
    }

    private AlertEvaluator evaluator(AlertService alerts) {
        DefinitionService definitions = new DefinitionService(definitionStore, clock);
        Notifications notifications = new Notifications((to, n) -> sent.add(n), NotificationTelemetry.NONE,
                new Notifications.Settings(1, Duration.ZERO));
        return new AlertEvaluator(alerts, definitionStore, new QueryService(store, Optional.empty(), QueryTelemetry.NONE),
                definitions, notifications, new AlertBroadcast(), NotificationTelemetry.NONE, clock);
    }

    private AlertRule rule(Map<String, Object> body) {
        return ((Validated.Valid<AlertRule>) AlertRequests.parse(body, new RequestContext(PROJECT, T0, Definitions.NONE))).value();
    }

    /** Runs the evaluator each minute from k = 1 to 119 and keeps what it raised, by minute. */
    private List<String> everyMinute(AlertEvaluator evaluator, AlertRule rule) {
        List<String> raised = new ArrayList<>();
        for (int k = 1; k < 120; k++) {
            clock.set(T0.plus(Duration.ofMinutes(k)));
            for (Map<String, Object> n : evaluator.evaluate(PROJECT, rule, clock.instant())) {
                raised.add(k + ":" + n.get("state") + ":" + n.get("value") + ":" + n.get("group"));
            }
        }
        return raised;
    }

    @Test
    void a_planted_spike_fires_once_and_resolves_once_when_it_ends() {
        plantTraffic();
        AlertService alerts = new AlertService(definitionStore, new DefinitionService(definitionStore, clock), clock);
        AlertRule rule = rule(Map.of("name", "signups", "metric", "events",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "above", "threshold", 50, "recovery", 20),
                "window", "10m", "every", "1m", "fire_after", 1, "resolve_after", 2,
                "notify", List.of(Map.of("webhook", "https://hooks.example/x", "secret", "0123456789abcdef"))));
        alerts.save(PROJECT, rule);
        AlertEvaluator evaluator = evaluator(alerts);

        assertThat(everyMinute(evaluator, rule)).containsExactly("65:firing:55.0:null", "80:resolved:10.0:null");

        evaluator.close(); // waits for the background deliveries
        assertThat(sent).hasSize(2);
        // deliveries run in the background, each on its own thread: their order is not the order of the changes
        assertThat(sent).extracting(n -> n.payload().get("state")).containsExactlyInAnyOrder("firing", "resolved");
        assertThat(sent.stream().filter(n -> n.payload().get("state").equals("firing")).findFirst().orElseThrow().payload())
                .containsEntry("alert", "signups").containsEntry("from", "ok").containsEntry("condition", "above 50");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) alerts.standing(PROJECT, "signups").orElseThrow().get("history");
        assertThat(history).extracting(h -> h.get("state")).containsExactly("resolved", "firing"); // newest first
        assertThat(history).allSatisfy(h -> assertThat(h.get("delivered").toString()).contains("ok=true"));
    }

    @Test
    void a_breakdown_judges_each_group_alone() {
        plantTraffic();
        AlertService alerts = new AlertService(definitionStore, new DefinitionService(definitionStore, clock), clock);
        // per plan: "free" has 10 in every window and never passes 30; "pro" has 9 × (spike minutes in the window):
        // first above 30 at k = 64 (minutes 60..63: 36); at k = 77 three are left (27, clear), at k = 78 two (18, the
        // second clear in a row): resolved
        AlertRule rule = rule(Map.of("name", "by_plan", "metric", "events", "breakdown", "prop:plan",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "above", "threshold", 30), "window", "10m", "every", "1m", "resolve_after", 2));
        alerts.save(PROJECT, rule);

        assertThat(everyMinute(evaluator(alerts), rule))
                .containsExactly("64:firing:36.0:{prop:plan=pro}", "78:resolved:18.0:{prop:plan=pro}");
    }

    @Test
    void a_change_rule_compares_with_the_window_before() {
        plantTraffic();
        AlertService alerts = new AlertService(definitionStore, new DefinitionService(definitionStore, clock), clock);
        // 10-minute windows on the minute boundary: k = 70 holds the whole spike (100) against 10 before: +900%;
        // the rule is evaluated only at k = 60, 70, 80, 90 here, and fires at 70, resolves at 90 (80: 10 against
        // 100 is -90%, not up; 90: 10 against 10; two clear in a row)
        AlertRule rule = rule(Map.of("name", "jump", "metric", "events",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "change", "percent", 100, "direction", "up"), "window", "10m", "resolve_after", 2));
        alerts.save(PROJECT, rule);
        AlertEvaluator evaluator = evaluator(alerts);
        List<String> raised = new ArrayList<>();
        for (int k : new int[]{60, 70, 80, 90}) {
            clock.set(T0.plus(Duration.ofMinutes(k)));
            evaluator.evaluate(PROJECT, rule, clock.instant()).forEach(n -> raised.add(k + ":" + n.get("state") + ":" + n.get("value")));
        }
        assertThat(raised).containsExactly("70:firing:100.0", "90:resolved:10.0");
    }

    @Test
    void a_kpi_is_a_metric_like_any_other() {
        plantTraffic();
        DefinitionService definitions = new DefinitionService(definitionStore, clock);
        definitions.save(PROJECT, ((Validated.Valid<Kpi>) DefinitionRequests.kpi(
                Map.of("name", "signups_per_user", "expression", "events / visitors"))).value());
        AlertService alerts = new AlertService(definitionStore, definitions, clock);
        // signups per signing-up user: every signup has its own user, so the KPI is 1 in every window: never below 0.5;
        // a second rule asks below 1.5 and fires at the first evaluation with data (k = 1: one signup, one user)
        AlertRule never = ((Validated.Valid<AlertRule>) AlertRequests.parse(Map.of("name", "never", "metric", "kpi:signups_per_user",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "below", "threshold", 0.5), "window", "10m"),
                new RequestContext(PROJECT, T0, definitions.definitions(PROJECT)))).value();
        AlertRule always = ((Validated.Valid<AlertRule>) AlertRequests.parse(Map.of("name", "always", "metric", "kpi:signups_per_user",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "below", "threshold", 1.5), "window", "10m"),
                new RequestContext(PROJECT, T0, definitions.definitions(PROJECT)))).value();
        alerts.save(PROJECT, never);
        alerts.save(PROJECT, always);
        assertThat(everyMinute(evaluator(alerts), never)).isEmpty();
        clock.set(T0);
        assertThat(everyMinute(evaluator(alerts), always)).containsExactly("1:firing:1.0:null");
    }

    /** {@code count} signups of {@code project} spread over the hour that starts at {@code hour}. */
    private void signups(String project, int count, Instant hour, String prefix) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = hour.plusMillis(i * 3_600_000L / count);
            events.add(new Event(prefix + i, project, "u-" + prefix + i, "s-" + prefix + i, "signup", at, Map.of(), "", "", at));
        }
        store.append(events);
    }

    private List<String> evaluateOnce(String project, Map<String, Object> body, Instant now) {
        AlertService alerts = new AlertService(definitionStore, new DefinitionService(definitionStore, clock), clock);
        AlertRule rule = ((Validated.Valid<AlertRule>) AlertRequests.parse(body, new RequestContext(project, now, Definitions.NONE))).value();
        alerts.save(project, rule);
        clock.set(now);
        return evaluator(alerts).evaluate(project, rule, now).stream().map(n -> n.get("state") + ":" + n.get("value")).toList();
    }

    private static Map<String, Object> anomalyRule() {
        return Map.of("name", "hourly_signups", "metric", "events", "timezone", "Europe/Berlin",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))),
                "condition", Map.of("type", "anomaly", "weeks", 4, "tolerance", 3), "window", "1h", "every", "1h");
    }

    /**
     * The hour judged is 11:00-12:00 in Berlin on Monday 2 November (10:00Z, winter time). The same local hour in the
     * four weeks before is 10:00Z on 26 October, then 09:00Z on 19, 12 and 5 October (summer time, which ended on 25
     * October). Those hours hold 100, 110, 90 and 100 signups: mean 100, standard deviation √50 ≈ 7.07, so the band at 3
     * deviations is [78.8, 121.2]. The hours at 10:00Z in summer (noon in Berlin) hold 1,000 each: a rule that went back
     * 168 hours at a time would learn from them, and 300 would sit inside its band.
     */
    @Test
    void an_anomaly_rule_learns_from_the_same_local_hour_of_previous_weeks() {
        Instant judged = Instant.parse("2026-11-02T10:00:00Z");
        int[] history = {100, 110, 90, 100};
        Instant[] sameLocalHour = {Instant.parse("2026-10-26T10:00:00Z"), Instant.parse("2026-10-19T09:00:00Z"),
                Instant.parse("2026-10-12T09:00:00Z"), Instant.parse("2026-10-05T09:00:00Z")};
        for (String project : List.of("spiking", "steady")) {
            for (int week = 0; week < 4; week++) {
                signups(project, history[week], sameLocalHour[week], "w" + week + "-");
                if (week > 0) {
                    signups(project, 1_000, judged.minus(Duration.ofDays(7L * (week + 1))), "noon" + week + "-");
                }
            }
        }
        signups("spiking", 300, judged, "now-");
        signups("steady", 105, judged, "now-");

        Instant end = judged.plus(Duration.ofHours(1));
        assertThat(evaluateOnce("spiking", anomalyRule(), end)).containsExactly("firing:300.0");
        assertThat(evaluateOnce("steady", anomalyRule(), end)).isEmpty();
    }

    /**
     * A project that only began last week has one week of history: the three weeks before it existed are not weeks
     * of zero signups, so there is too little history and nothing is judged, however far 300 is from last week's 100.
     */
    @Test
    void weeks_before_the_project_received_anything_are_not_history() {
        Instant judged = Instant.parse("2026-11-02T10:00:00Z");
        signups("young", 100, Instant.parse("2026-10-26T10:00:00Z"), "w0-");
        signups("young", 300, judged, "now-");

        assertThat(evaluateOnce("young", anomalyRule(), judged.plus(Duration.ofHours(1)))).isEmpty();
        // with a second week of history it is judged (band of [100, 100] widened to ±10%: 300 is far outside)
        signups("young", 100, Instant.parse("2026-10-19T09:00:00Z"), "w1-");
        assertThat(evaluateOnce("young", anomalyRule(), judged.plus(Duration.ofHours(1)))).containsExactly("firing:300.0");
    }
}
