package io.tally.application.service;

import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saves definitions in their wire form and reads them back through the request rules. */
public final class DefinitionService implements ManageDefinitionsUseCase {

    private static final System.Logger LOG = System.getLogger(DefinitionService.class.getName());
    static final String KPI = "kpi";
    static final String COHORT = "cohort";
    static final String GOAL = "goal";
    static final String ANNOTATION = "annotation";

    private final DefinitionStore store;
    private final Clock clock;

    public DefinitionService(DefinitionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<Kpi> kpis(String projectId) {
        List<Kpi> kpis = new ArrayList<>();
        store.list(projectId, KPI).forEach(body -> readKpi(body).ifPresent(kpis::add));
        return kpis;
    }

    @Override
    public Optional<Kpi> kpi(String projectId, String name) {
        return store.get(projectId, KPI, name).flatMap(DefinitionService::readKpi);
    }

    @Override
    public boolean save(String projectId, Kpi kpi) {
        return store.put(projectId, KPI, kpi.name(), DefinitionRequests.wire(kpi));
    }

    @Override
    public boolean deleteKpi(String projectId, String name) {
        return store.delete(projectId, KPI, name);
    }

    @Override
    public List<CohortDefinition> cohorts(String projectId) {
        List<CohortDefinition> cohorts = new ArrayList<>();
        store.list(projectId, COHORT).forEach(body -> readCohort(projectId, body).ifPresent(cohorts::add));
        return cohorts;
    }

    @Override
    public Optional<CohortDefinition> cohort(String projectId, String name) {
        return store.get(projectId, COHORT, name).flatMap(body -> readCohort(projectId, body));
    }

    @Override
    public boolean save(String projectId, CohortDefinition cohort) {
        return store.put(projectId, COHORT, cohort.name(), DefinitionRequests.wire(cohort));
    }

    @Override
    public boolean deleteCohort(String projectId, String name) {
        return store.delete(projectId, COHORT, name);
    }

    @Override
    public List<Goal> goals(String projectId) {
        List<Goal> goals = new ArrayList<>();
        store.list(projectId, GOAL).forEach(body -> readGoal(projectId, body).ifPresent(goals::add));
        return goals;
    }

    @Override
    public Optional<Goal> goal(String projectId, String name) {
        return store.get(projectId, GOAL, name).flatMap(body -> readGoal(projectId, body));
    }

    @Override
    public boolean save(String projectId, Goal goal) {
        return store.put(projectId, GOAL, goal.name(), DefinitionRequests.wire(goal));
    }

    @Override
    public boolean deleteGoal(String projectId, String name) {
        return store.delete(projectId, GOAL, name);
    }

    @Override
    public List<Annotation> annotations(String projectId) {
        List<Annotation> annotations = new ArrayList<>();
        store.list(projectId, ANNOTATION).forEach(body -> readAnnotation(body).ifPresent(annotations::add));
        annotations.sort(Comparator.comparing(Annotation::at).thenComparing(Annotation::id));
        return annotations;
    }

    @Override
    public Optional<Annotation> annotation(String projectId, String id) {
        return store.get(projectId, ANNOTATION, id).flatMap(DefinitionService::readAnnotation);
    }

    @Override
    public boolean save(String projectId, Annotation annotation) {
        return store.put(projectId, ANNOTATION, annotation.id(), DefinitionRequests.wire(annotation));
    }

    @Override
    public boolean deleteAnnotation(String projectId, String id) {
        return store.delete(projectId, ANNOTATION, id);
    }

    @Override
    public String annotationsVersion(String projectId) {
        return store.fingerprint(projectId, ANNOTATION);
    }

    @Override
    public Definitions definitions(String projectId) {
        return new Definitions() {
            @Override
            public Optional<Kpi> kpi(String name) {
                return DefinitionService.this.kpi(projectId, name);
            }

            @Override
            public Optional<CohortDefinition> cohort(String name) {
                return DefinitionService.this.cohort(projectId, name);
            }

            @Override
            public Optional<Goal> goal(String name) {
                return DefinitionService.this.goal(projectId, name);
            }

            @Override
            public List<Goal> goals() {
                return DefinitionService.this.goals(projectId);
            }
        };
    }

    private static Optional<Kpi> readKpi(Map<String, Object> body) {
        return switch (DefinitionRequests.kpi(body)) {
            case Validated.Valid<Kpi> valid -> Optional.of(valid.value());
            case Validated.Invalid<Kpi> invalid -> unreadable(body, invalid);
        };
    }

    private Optional<CohortDefinition> readCohort(String projectId, Map<String, Object> body) {
        return switch (DefinitionRequests.cohort(body, new RequestContext(projectId, clock.instant(), Definitions.NONE))) {
            case Validated.Valid<CohortDefinition> valid -> Optional.of(valid.value());
            case Validated.Invalid<CohortDefinition> invalid -> unreadable(body, invalid);
        };
    }

    private Optional<Goal> readGoal(String projectId, Map<String, Object> body) {
        return switch (DefinitionRequests.goal(body, new RequestContext(projectId, clock.instant(), Definitions.NONE))) {
            case Validated.Valid<Goal> valid -> Optional.of(valid.value());
            case Validated.Invalid<Goal> invalid -> unreadable(body, invalid);
        };
    }

    private static Optional<Annotation> readAnnotation(Map<String, Object> body) {
        return switch (DefinitionRequests.annotation(body, String.valueOf(body.get("id")))) {
            case Validated.Valid<Annotation> valid -> Optional.of(valid.value());
            case Validated.Invalid<Annotation> invalid -> unreadable(body, invalid);
        };
    }

    /** A stored definition that today's rules refuse is skipped and logged, never served half-read. */
    private static <T> Optional<T> unreadable(Map<String, Object> body, Validated.Invalid<?> invalid) {
        LOG.log(System.Logger.Level.WARNING, "skipping a stored definition that no longer validates: " + body.getOrDefault("name", body.get("id"))
                + " " + invalid.violations());
        return Optional.empty();
    }
}
