package io.tally.adapter.out.memory;

import io.tally.application.port.out.EventStore;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.event.Event;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link RollupStore#sessions}: the session facts of every {@link AgreementCases#sessionCases() session
 * case} equal those the reference engine counts from the events, for groups holding a session's first event. A store's
 * test loads {@link AgreementCases#events()} through {@link #loadAsTrafficArrives} and extends this.
 */
public abstract class SessionsContract {

    private static MemoryStore reference;

    private static synchronized MemoryStore reference() {
        if (reference == null) {
            reference = MemoryStore.of(AgreementCases.events());
        }
        return reference;
    }

    /** The store's pre-aggregates, holding {@link AgreementCases#events()} as {@link #loadAsTrafficArrives} stored them. */
    protected abstract RollupStore rollups();

    /**
     * The events as real traffic brings them: shuffled (late and out-of-order events), in batches of 1,000, about 1 %
     * of them sent a second time in a later batch, a refresh after each third, and the last 5 % after the last refresh.
     */
    public static void loadAsTrafficArrives(EventStore store, RollupStore rollups, List<Event> events) {
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(20));
        Random resend = new Random(21);
        int n = shuffled.size();
        List<Integer> refreshes = List.of(n / 3, 2 * n / 3, n * 95 / 100);
        int next = 0;
        for (int from = 0; from < n; from += 1_000) {
            List<Event> batch = new ArrayList<>(shuffled.subList(from, Math.min(from + 1_000, n)));
            for (int i = 0; i < 10 && from > 0; i++) {
                batch.add(shuffled.get(resend.nextInt(from))); // an event stored before, sent again
            }
            store.append(batch);
            while (next < refreshes.size() && from + 1_000 >= refreshes.get(next)) {
                rollups.refresh();
                next++;
            }
        }
    }

    /** The four session facts of an answer, for groups holding at least one session. */
    private static Map<Group, List<Long>> sessionFacts(Map<Group, Aggregates> answer) {
        Map<Group, List<Long>> facts = new HashMap<>();
        answer.forEach((group, a) -> {
            if (a.sessions() > 0) {
                facts.put(group, List.of(a.sessions(), a.bounces(), a.sessionMillis(), a.sessionPageviews()));
            }
        });
        return facts;
    }

    @Test
    void the_store_keeps_sessions() {
        assertThat(rollups().sources()).contains(Source.SESSIONS);
    }

    @ParameterizedTest
    @MethodSource("io.tally.adapter.out.memory.AgreementCases#sessionCases")
    void sessions_kept_per_hour_count_as_the_reference(AggregateQuery query) {
        Map<Group, List<Long>> expected = sessionFacts(reference().aggregate(query));
        assertThat(expected).as("a case must count sessions to prove anything").isNotEmpty();
        assertThat(sessionFacts(rollups().sessions(query))).isEqualTo(expected);
    }
}
