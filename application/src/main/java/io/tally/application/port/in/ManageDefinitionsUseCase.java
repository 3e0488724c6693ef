package io.tally.application.port.in;

import io.tally.domain.annotation.Annotation;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.Definitions;

import java.util.List;
import java.util.Optional;

/** Saved KPIs, cohorts, goals and annotations of a project: create or replace, read, list, delete. */
public interface ManageDefinitionsUseCase {

    List<Kpi> kpis(String projectId);

    Optional<Kpi> kpi(String projectId, String name);

    /** Saves a KPI under its name; true when it replaced one. */
    boolean save(String projectId, Kpi kpi);

    boolean deleteKpi(String projectId, String name);

    List<CohortDefinition> cohorts(String projectId);

    Optional<CohortDefinition> cohort(String projectId, String name);

    /** Saves a cohort under its name; true when it replaced one. */
    boolean save(String projectId, CohortDefinition cohort);

    boolean deleteCohort(String projectId, String name);

    List<Goal> goals(String projectId);

    Optional<Goal> goal(String projectId, String name);

    /** Saves a goal under its name; true when it replaced one. */
    boolean save(String projectId, Goal goal);

    boolean deleteGoal(String projectId, String name);

    /** Every annotation of the project, oldest first (ties by id). */
    List<Annotation> annotations(String projectId);

    Optional<Annotation> annotation(String projectId, String id);

    /** Saves an annotation under its id; true when it replaced one. */
    boolean save(String projectId, Annotation annotation);

    boolean deleteAnnotation(String projectId, String id);

    /** Changes whenever an annotation of the project is written or deleted: answers that show them are cached under it. */
    String annotationsVersion(String projectId);

    /** The project's definitions as query parsers look them up. */
    Definitions definitions(String projectId);
}
