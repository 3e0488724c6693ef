package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.domain.event.Event;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the {@link AnalyticsEngine} port: on {@link AgreementCases#events()}, an engine answers every
 * case exactly as the reference engine does. A store's test extends this and loads the same events.
 */
public abstract class AnalyticsEngineContract {

    private static List<Event> events;
    private static MemoryStore reference;

    /** The shared data set, generated once per test JVM. */
    protected static synchronized List<Event> events() {
        if (events == null) {
            events = AgreementCases.events();
            reference = MemoryStore.of(events);
        }
        return events;
    }

    private static MemoryStore reference() {
        events();
        return reference;
    }

    /** The engine under test, holding {@link #events()}. */
    protected abstract AnalyticsEngine engine();

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#reportCases")
    void reports_agree_with_the_reference(AggregateQuery query) {
        Map<Group, Aggregates> expected = reference().aggregate(query);
        assertSameEntries(engine().aggregate(query), expected);
        if (!query.filters().toString().contains("nope")) {
            assertThat(expected).as("a case must count something to prove anything").isNotEmpty();
        }
    }

    /** Equal maps, with a failure that shows the differing entries only (reports can hold thousands of rows). */
    static <K, V> void assertSameEntries(Map<K, V> actual, Map<K, V> expected) {
        List<String> differences = new java.util.ArrayList<>();
        expected.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                differences.add(key + ": expected " + value + " but was " + actual.get(key));
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> differences.add(key + ": not expected, was " + actual.get(key)));
        assertThat(differences).as("rows differing from the reference").isEmpty();
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
