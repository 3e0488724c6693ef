package io.tally.domain.request;

import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;

import java.util.List;
import java.util.Optional;

/** The saved KPIs, cohorts and goals of one project, as a request parser looks them up by name. */
public interface Definitions {

    Optional<Kpi> kpi(String name);

    Optional<CohortDefinition> cohort(String name);

    /** A saved goal; by default none is saved. */
    default Optional<Goal> goal(String name) {
        return Optional.empty();
    }

    /** Every saved goal, by name; by default none. */
    default List<Goal> goals() {
        return List.of();
    }

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
