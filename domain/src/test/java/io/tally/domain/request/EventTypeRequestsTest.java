package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.event.EventTypes;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Kpi;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tally.domain.request.Verdicts.invalid;
import static io.tally.domain.request.Verdicts.valid;
import static org.assertj.core.api.Assertions.assertThat;

/** Every event type ingest accepts is usable wherever a query names one; a refusal says what is allowed. */
class EventTypeRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, new Definitions() {
        @Override
        public Optional<Kpi> kpi(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<CohortDefinition> cohort(String name) {
            return Optional.empty();
        }
    });

    /** Types a client may send: spaces, capitals, punctuation, other scripts, emoji. */
    private static final List<String> SENT = List.of("user signed up", "Order Completed",
            "checkout: step #2 (paid) & done!", "注文完了", "🎉 launched", "a.b/c-d_e$f@g");

    @Test
    void funnel_steps_retention_events_path_anchors_and_cohort_rules_take_any_sent_event_type() {
        for (String type : SENT) {
            FunnelQuery funnel = valid(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", type),
                    Map.of("event", "purchase"))), CONTEXT));
            assertThat(funnel.steps()).extracting(EventCriteria::eventType)
                    .containsExactly(Optional.of(type), Optional.of("purchase"));

            RetentionQuery retention = valid(RetentionRequest.parse(Map.of("start_event", Map.of("event", type),
                    "return_event", Map.of("event", type)), CONTEXT));
            assertThat(retention.startEvent().eventType()).contains(type);
            assertThat(retention.returnEvent().eventType()).contains(type);

            PathsQuery paths = valid(PathsRequest.parse(Map.of("anchor", Map.of("event", type)), CONTEXT));
            assertThat(paths.anchor().eventType()).contains(type);

            CohortDefinition cohort = valid(DefinitionRequests.cohort(Map.of("name", "c", "rules",
                    List.of(Map.of("event", type))), CONTEXT));
            assertThat(cohort.rules().getFirst().eventType()).isEqualTo(type);
        }
    }

    @Test
    void a_refused_event_type_is_named_and_the_allowed_characters_are_said() {
        List<Violation> funnel = invalid(FunnelRequest.parse(Map.of("steps", List.of(Map.of("event", "tab\there"),
                Map.of("event", " "))), CONTEXT));
        assertThat(funnel).extracting(Violation::field).containsExactly("steps[0].event", "steps[1].event");
        assertThat(funnel.getFirst().message()).isEqualTo(EventTypes.ALLOWED)
                .contains("letters", "digits", "spaces", "punctuation", "control characters", "128");

        List<Violation> cohort = invalid(DefinitionRequests.cohort(Map.of("name", "c", "rules",
                List.of(Map.of("event", "x".repeat(129)))), CONTEXT));
        assertThat(cohort).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("rules[0].event");
            assertThat(v.message()).contains("128");
        });

        List<Violation> retention = invalid(RetentionRequest.parse(Map.of("start_event", Map.of("event", "lone \ud800")),
                CONTEXT));
        assertThat(retention).extracting(Violation::field).containsExactly("start_event.event");
    }
}
