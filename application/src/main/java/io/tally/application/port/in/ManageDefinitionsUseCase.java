package io.tally.application.port.in;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.Definitions;

import java.util.List;
import java.util.Optional;

/** Saved KPIs and cohorts of a project: create or replace, read, list, delete. */
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

    /** The project's definitions as query parsers look them up. */
    Definitions definitions(String projectId);
}
