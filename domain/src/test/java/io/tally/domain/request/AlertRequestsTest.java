package io.tally.domain.request;

import io.tally.domain.alert.AlertRule;
import io.tally.domain.alert.Condition;
import io.tally.domain.delivery.Delivery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, Definitions.NONE);

    private static List<String> fields(Object body) {
        return ((Validated.Invalid<AlertRule>) AlertRequests.parse(body, CONTEXT)).violations().stream()
                .map(Violation::field).toList();
    }

    @Test
    void a_full_rule_reads_and_writes_back_the_same() {
        Map<String, Object> body = Map.of("name", "signup_spike", "metric", "events",
                "filters", List.of(List.of("is", "event_type", List.of("signup"))), "breakdown", "prop:plan",
                "condition", Map.of("type", "above", "threshold", 50, "recovery", 20), "window", "10m", "every", "1m",
                "fire_after", 2, "resolve_after", 3,
                "notify", List.of(Map.of("webhook", "https://hooks.example.com/tally", "secret", "0123456789abcdef"),
                        Map.of("email", List.of("ops@example.com"))));
        AlertRule rule = ((Validated.Valid<AlertRule>) AlertRequests.parse(body, CONTEXT)).value();
        assertThat(rule.condition()).isEqualTo(new Condition.Above(50, OptionalDouble.of(20)));
        assertThat(rule.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rule.breakdown()).contains("prop:plan");
        assertThat(rule.deliveries()).hasSize(2).first().isInstanceOf(Delivery.Webhook.class);
        assertThat(AlertRequests.parse(AlertRequests.wire(rule), CONTEXT)).isEqualTo(new Validated.Valid<>(rule));
    }

    @Test
    void the_signal_becomes_a_report_over_the_evaluation_window() {
        AlertRule rule = ((Validated.Valid<AlertRule>) AlertRequests.parse(Map.of("name", "a", "metric", "visitors",
                "breakdown", "country", "condition", Map.of("type", "below", "threshold", 5)), CONTEXT)).value();
        TimeRange window = new TimeRange(NOW.minus(Duration.ofMinutes(10)), NOW);
        ReportQuery query = ((Validated.Valid<ReportQuery>) AlertRequests.query(rule, window, CONTEXT)).value();
        assertThat(query.range()).isEqualTo(window);
        assertThat(query.metrics()).extracting(m -> m.label()).containsExactly("visitors");
        assertThat(query.dimensions()).extracting(d -> d.label()).containsExactly("country");
    }

    @Test
    void every_mistake_names_the_alert_field() {
        assertThat(fields(Map.of("name", "a", "metric", "nonsense", "condition", Map.of("type", "above", "threshold", 1))))
                .containsExactly("metric");
        assertThat(fields(Map.of("name", "a", "metric", "events", "breakdown", "time:hour",
                "condition", Map.of("type", "above", "threshold", 1)))).contains("breakdown");
        assertThat(fields(Map.of("name", "a", "metric", "events"))).containsExactly("condition");
        assertThat(fields(Map.of("name", "a", "metric", "events", "condition", Map.of("type", "above", "threshold", 10,
                "recovery", 20)))).containsExactly("condition");
        assertThat(fields(Map.of("name", "a", "metric", "events", "condition", Map.of("type", "change", "percent", 10,
                "direction", "sideways")))).containsExactly("condition.direction");
        assertThat(fields(Map.of("name", "a", "metric", "events", "condition", Map.of("type", "above", "threshold", 1),
                "window", "5s", "every", "soon"))).containsExactly("window", "every");
        assertThat(fields(Map.of("name", "a", "metric", "events", "condition", Map.of("type", "above", "threshold", 1),
                "notify", List.of(Map.of("webhook", "ftp://x", "secret", "0123456789abcdef"), Map.of("webhook",
                        "https://x.example", "secret", "short"), Map.of("email", List.of("not an address"))))))
                .containsExactly("notify[0].webhook", "notify[1].secret", "notify[2].email[0]");
    }

    @Test
    void answers_show_only_the_end_of_a_secret() {
        AlertRule rule = ((Validated.Valid<AlertRule>) AlertRequests.parse(Map.of("name", "a", "metric", "events",
                "condition", Map.of("type", "above", "threshold", 1),
                "notify", List.of(Map.of("webhook", "https://x.example/h", "secret", "0123456789abcdef"))), CONTEXT)).value();
        Map<String, Object> shown = DeliveryRequests.withoutSecrets(AlertRequests.wire(rule), "notify");
        assertThat(shown.get("notify").toString()).contains("…cdef").doesNotContain("0123456789");
    }
}
