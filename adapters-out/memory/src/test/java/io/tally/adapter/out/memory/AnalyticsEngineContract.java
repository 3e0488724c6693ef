package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.retention.RetentionCounts;
import io.tally.domain.retention.RetentionQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the {@link AnalyticsEngine} port: on {@link #events()}, an engine answers every agreement case
 * ({@link AgreementCases}: 120,000 generated events, five zones, a DST change) exactly as the reference engine
 * does, and every hand-worked case of {@link HandWorkedContract}. A store's test extends this and loads the same events.
 */
public abstract class AnalyticsEngineContract extends HandWorkedContract {

    private static MemoryStore reference;

    /** The reference engine over {@link #events()}: the domain's definitions, made once per test JVM. */
    private static synchronized MemoryStore reference() {
        if (reference == null) {
            reference = MemoryStore.of(events());
        }
        return reference;
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#reportCases")
    void reports_agree_with_the_reference(AggregateQuery query) {
        Map<Group, Aggregates> expected = reference().aggregate(query);
        assertSameEntries(engine().aggregate(query), expected);
        if (!query.filters().toString().contains("nope")) {
            assertThat(expected).as("a case must count something to prove anything").isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#partialReportCases")
    void reports_that_leave_out_costly_parts_count_the_rest_as_the_reference(AggregateQuery query) {
        Map<Group, Aggregates> expected = new java.util.HashMap<>();
        reference().aggregate(query).forEach((group, all) -> expected.put(group, counted(all, query))); // counts every part
        Map<Group, Aggregates> actual = new java.util.HashMap<>();
        engine().aggregate(query).forEach((group, facts) -> actual.put(group, counted(facts, query)));
        assertSameEntries(actual, expected);
        assertThat(expected).isNotEmpty();
    }

    /** The facts a query counts; those of the parts it leaves out are zeroed, whatever the engine put there. */
    private static Aggregates counted(Aggregates a, AggregateQuery query) {
        boolean sessions = query.counts(Aggregates.Part.SESSIONS);
        return new Aggregates(a.events(), a.visitors(), sessions ? a.sessions() : 0, a.pageviews(), sessions ? a.bounces() : 0,
                sessions ? a.sessionMillis() : 0, sessions ? a.sessionPageviews() : 0, a.conversions(), a.convertedVisitors(),
                query.counts(Aggregates.Part.REVENUE) ? a.revenue() : java.math.BigDecimal.ZERO);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#funnelCases")
    void funnels_agree_with_the_reference(FunnelQuery query) {
        FunnelCounts expected = reference().funnel(query);
        assertThat(engine().funnel(query)).isEqualTo(expected);
        assertThat(expected.byGroup().values()).as("someone must reach the last step")
                .anyMatch(steps -> steps.getLast().users() > 0);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#retentionCases")
    void retention_agrees_with_the_reference(RetentionQuery query) {
        RetentionCounts expected = reference().retention(query);
        assertThat(engine().retention(query)).isEqualTo(expected);
        assertThat(expected.cohorts().values()).as("someone must come back")
                .anyMatch(c -> c.returning().stream().anyMatch(n -> n > 0));
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#pathsCases")
    void paths_agree_with_the_reference(PathsQuery query) {
        PathCounts expected = reference().paths(query);
        assertThat(engine().paths(query)).isEqualTo(expected);
        assertThat(expected.anchors()).isPositive();
    }
}
