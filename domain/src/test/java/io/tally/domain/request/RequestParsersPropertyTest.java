package io.tally.domain.request;

import io.tally.domain.Hostile;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Kpi;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies thrown at every request parser, built from each request's own vocabulary so that most get past
 * the first rule: a parser never throws, and every refusal names a field.
 */
class RequestParsersPropertyTest {

    private static final Kpi CR = ((Validated.Valid<Kpi>) DefinitionRequests.kpi(Map.of("name", "cr",
            "expression", "conversions / visitors * 100"))).value();
    private static final RequestContext CONTEXT = new RequestContext("default", Instant.parse("2026-11-28T12:00:00Z"),
            new Definitions() {
                @Override
                public Optional<Kpi> kpi(String name) {
                    return name.equals("cr") ? Optional.of(CR) : Optional.empty();
                }

                @Override
                public Optional<CohortDefinition> cohort(String name) {
                    if (!name.equals("buyers")) {
                        return Optional.empty();
                    }
                    return Optional.of(((Validated.Valid<CohortDefinition>) DefinitionRequests.cohort(Map.of("name", "buyers",
                            "rules", List.of(Map.of("event", "purchase", "date_range", "last_30d"))), CONTEXT)).value());
                }

                @Override
                public Optional<Goal> goal(String name) {
                    return goals().stream().filter(goal -> goal.name().equals(name)).findFirst();
                }

                @Override
                public List<Goal> goals() {
                    return List.of(new Goal("blog", "", new Goal.PageVisit(new PagePattern("/blog/**")), List.of()));
                }
            });

    private static void namesItsFields(Validated<?> verdict) {
        if (verdict instanceof Validated.Invalid<?> invalid) {
            for (Violation v : invalid.violations()) {
                // an unknown field is named by the key the client sent, which may itself be blank
                if (v.kind() != ViolationKind.UNKNOWN_FIELD) {
                    assertThat(v.field()).as(v.toString()).isNotBlank();
                }
                assertThat(v.message()).as(v.toString()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<Object> reports() {
        return Hostile.report();
    }

    @Provide
    Arbitrary<Object> funnels() {
        return Hostile.funnel();
    }

    @Provide
    Arbitrary<Object> retentions() {
        return Hostile.retention();
    }

    @Provide
    Arbitrary<Object> paths() {
        return Hostile.paths();
    }

    @Provide
    Arbitrary<Object> stickinesses() {
        return Hostile.stickiness();
    }

    @Provide
    Arbitrary<Object> trends() {
        return Hostile.trend();
    }

    @Provide
    Arbitrary<Object> goals() {
        return Hostile.goal();
    }

    @Provide
    Arbitrary<Object> anything() {
        return Hostile.plain();
    }

    @Property(tries = 800, seed = "18011")
    void reports(@ForAll("reports") Object body) {
        namesItsFields(ReportRequest.parse(body, CONTEXT));
        namesItsFields(LiveRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18012")
    void funnels(@ForAll("funnels") Object body) {
        namesItsFields(FunnelRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18013")
    void retention(@ForAll("retentions") Object body) {
        namesItsFields(RetentionRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18014")
    void paths(@ForAll("paths") Object body) {
        namesItsFields(PathsRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18016")
    void stickiness_and_lifecycle(@ForAll("stickinesses") Object body) {
        namesItsFields(StickinessRequest.parse(body, CONTEXT));
        namesItsFields(LifecycleRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18017")
    void trends(@ForAll("trends") Object body) {
        namesItsFields(TrendRequest.parse(body, CONTEXT));
    }

    @Property(tries = 600, seed = "18018")
    void goals_conversions_and_annotations(@ForAll("goals") Object body) {
        namesItsFields(DefinitionRequests.goal(body, CONTEXT));
        namesItsFields(ConversionsRequest.parse(body, CONTEXT));
        namesItsFields(DefinitionRequests.annotation(body, "0123456789abcdef"));
    }

    @Property(tries = 600, seed = "18015")
    void definitions_alerts_schedules_dashboards_and_live_tails(@ForAll("anything") Object body) {
        namesItsFields(DefinitionRequests.kpi(body));
        namesItsFields(DefinitionRequests.cohort(body, CONTEXT));
        namesItsFields(AlertRequests.parse(body, CONTEXT));
        namesItsFields(ScheduleRequests.parse(body, CONTEXT));
        namesItsFields(DashboardRequests.parse(body, CONTEXT));
        namesItsFields(LiveRequest.parseTail(body, CONTEXT));
    }
}
