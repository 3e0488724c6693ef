package io.tally.domain.cohort;

import io.tally.domain.query.Filter;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.time.DateRange;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** A saved cohort: a named set of users defined by what they did (or did not do), with relative ranges kept relative. */
public record CohortDefinition(String name, String description, List<Rule> rules) {
    public CohortDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
    }

    public record Rule(boolean did, String eventType, int minCount, DateRange range, ZoneId zone,
                       List<Filter.Match> filters) {
        public Rule {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(zone, "zone");
            filters = List.copyOf(filters);
        }
    }

    /** The cohort as of {@code now}. */
    public ResolvedCohort resolve(Instant now) {
        return new ResolvedCohort(name, rules.stream()
                .map(r -> new ResolvedCohort.Rule(r.did(), r.eventType(), r.minCount(), r.range().resolve(now, r.zone()),
                        r.filters()))
                .toList());
    }
}
