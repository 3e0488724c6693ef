package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.Event;
import io.tally.domain.event.EventColumns;
import io.tally.domain.event.IdHash;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting stays exact when two ids share a hash: with ids hashed to 4 bits every project collides, is recorded in
 * {@code hash_collisions}, and is counted by its ids as text, so every agreement case still equals the reference.
 */
class HashCollisionAgreementTest extends ClickHouseAgreement {

    /** Its subject is not the query: a sample of the agreement cases (the embedded suite runs them all). */
    @Override
    protected int caseSample() {
        return 3;
    }


    /** Ids hashed to 16 values, so that hashes collide on any data set. */
    static EventColumns fourBitHash(Event event) {
        EventColumns columns = EventColumns.of(event);
        return new EventColumns(event, IdHash.of(event.userId()) & 0xF, IdHash.of(event.sessionId()) & 0xF,
                columns.promoted(), columns.revenue(), columns.rest());
    }

    @Override
    protected ClickHouseStores open() {
        ChdbLibrary.freshStores();
        return ClickHouseStores.over(ChdbLibrary.shared(), HashCollisionAgreementTest::fourBitHash);
    }

    @Test
    void collisions_are_recorded_for_the_projects_that_have_them() {
        assertThat(stores().transport().query("SELECT count() > 0 FROM hash_collisions WHERE project_id = 'default' AND kind = 1",
                "TSV").strip()).isEqualTo("1");
    }

    @Test
    void two_users_under_one_hash_are_two_visitors_from_their_first_event_on() {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        String first = "u-0";
        String second = IntStream.range(1, 1_000).mapToObj(i -> "u-" + i)
                .filter(id -> (IdHash.of(id) & 0xF) == (IdHash.of(first) & 0xF)).findFirst().orElseThrow();
        ClickHouseStores stores = stores();
        stores.eventStore().append(List.of(new Event("c1", "pair", first, "s1", "page_view", at, Map.of(), "", "", at)));
        AggregateQuery visitors = new AggregateQuery("pair", new TimeRange(at, at.plusSeconds(60)), ZoneId.of("UTC"), List.of(), List.of());
        assertThat(stores.analyticsEngine().aggregate(visitors).values()).singleElement().satisfies(a -> assertThat(a.visitors()).isEqualTo(1));
        stores.eventStore().append(List.of(new Event("c2", "pair", second, "s2", "page_view", at.plusSeconds(1),
                Map.of("path", PropertyValue.of("/")), "", "", at)));
        assertThat(stores.analyticsEngine().aggregate(visitors).values()).singleElement().satisfies(a -> assertThat(a.visitors()).isEqualTo(2));
    }

    /** The collision check runs once for a batch of several projects: each project's collisions are its own. */
    @Test
    void one_batch_records_the_collisions_of_each_of_its_projects() {
        Instant at = Instant.parse("2026-11-28T11:00:00Z");
        String user = "u-0";
        String sameUserHash = IntStream.range(1, 1_000).mapToObj(i -> "u-" + i)
                .filter(id -> (IdHash.of(id) & 0xF) == (IdHash.of(user) & 0xF)).findFirst().orElseThrow();
        String session = "s-0";
        String otherSessionHash = IntStream.range(1, 1_000).mapToObj(i -> "s-" + i)
                .filter(id -> (IdHash.of(id) & 0xF) != (IdHash.of(session) & 0xF)).findFirst().orElseThrow();
        String sameSessionHash = IntStream.range(1, 1_000).mapToObj(i -> "s-" + i)
                .filter(id -> (IdHash.of(id) & 0xF) == (IdHash.of(session) & 0xF)).findFirst().orElseThrow();
        stores().eventStore().append(List.of(
                // duo-1: two users under one hash, their sessions under two
                new Event("d1", "duo-1", user, session, "page_view", at, Map.of(), "", "", at),
                new Event("d2", "duo-1", sameUserHash, otherSessionHash, "page_view", at, Map.of(), "", "", at),
                // duo-2: the same user hash as duo-1's, but one user: no collision there
                new Event("d1", "duo-2", user, session, "page_view", at, Map.of(), "", "", at),
                // duo-3: one user in two sessions under one hash
                new Event("d1", "duo-3", user, session, "page_view", at, Map.of(), "", "", at),
                new Event("d2", "duo-3", user, sameSessionHash, "page_view", at, Map.of(), "", "", at)));
        assertThat(stores().transport().query("SELECT project_id, kind FROM hash_collisions FINAL "
                + "WHERE startsWith(project_id, 'duo-') ORDER BY project_id, kind", "TSV"))
                .isEqualTo("duo-1\t1\nduo-3\t2\n");
    }
}
