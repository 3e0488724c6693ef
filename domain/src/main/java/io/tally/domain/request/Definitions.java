package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.query.Kpi;

import java.util.Optional;

/** The saved KPIs and cohorts of one project, as a request parser looks them up by name. */
public interface Definitions {

    Optional<Kpi> kpi(String name);

    Optional<CohortDefinition> cohort(String name);

    Definitions NONE = new Definitions() {
        @Override
        public Optional<Kpi> kpi(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<CohortDefinition> cohort(String name) {
            return Optional.empty();
        }
    };
}
