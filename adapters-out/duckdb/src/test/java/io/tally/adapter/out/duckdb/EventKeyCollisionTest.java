package io.tally.adapter.out.duckdb;

import io.tally.application.port.out.StoreException;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.time.Retention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events keyed under zero bits, so every event has the same key: a re-send is still refused quietly, but a second
 * event under a taken key fails its whole batch loudly instead of vanishing, and nothing of that batch is stored.
 */
class EventKeyCollisionTest {

    private static final Instant END = Instant.parse("2026-11-28T00:00:00Z");
    private static final EventKeying ONE_KEY = new EventKeying(0);

    private DuckDbStores duck;
    private List<Event> events;

    @BeforeEach
    void open(@TempDir Path dir) {
        duck = DuckDbStores.open(DuckDbConfig.at(dir.resolve("one-key.duckdb")), Retention.ALL,
                Clock.fixed(END, ZoneOffset.UTC), IdHashing.FULL, ONE_KEY);
        events = TrafficGenerator.list(new TrafficGenerator.Settings(3, 1, 5, END, "default"));
        assertThat(events.stream().map(Event::eventId).distinct()).hasSize(3);
    }

    @AfterEach
    void close() {
        duck.close();
    }

    private List<String> stored() {
        return duck.rawQuery("SELECT event_id FROM events ORDER BY event_id").stream().map(List::getFirst).toList();
    }

    private long rows(String table) {
        return Long.parseLong(duck.rawQuery("SELECT count(*) FROM " + table).getFirst().getFirst());
    }

    @Test
    void a_re_sent_event_is_refused_quietly() {
        assertThat(duck.eventStore().append(events.subList(0, 1))).isEqualTo(1);
        assertThat(duck.eventStore().append(events.subList(0, 1))).isZero();
        assertThat(stored()).containsExactly(events.getFirst().eventId());
    }

    @Test
    void another_event_under_a_stored_key_fails_its_batch_and_nothing_of_it_is_stored() {
        assertThat(duck.eventStore().append(events.subList(0, 1))).isEqualTo(1);
        long fragments = rows("session_fragments");
        long sketches = rows("visitor_sketches");

        assertThatThrownBy(() -> duck.eventStore().append(events)) // the stored one again, and two others
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("same 128-bit key")
                .hasMessageContaining(events.getFirst().eventId());

        assertThat(stored()).containsExactly(events.getFirst().eventId());
        assertThat(rows("duckdb_tables() WHERE table_name = 'staged_keys'")).as("no staged keys left").isZero();
        assertThat(rows("session_fragments")).isEqualTo(fragments);
        assertThat(rows("visitor_sketches")).isEqualTo(sketches);
    }

    @Test
    void two_events_under_one_key_in_one_batch_fail_it() {
        assertThatThrownBy(() -> duck.eventStore().append(events.subList(0, 2)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("same 128-bit key");
        assertThat(stored()).isEmpty();
    }

    @Test
    void the_writer_goes_on_after_a_refused_batch() {
        assertThatThrownBy(() -> duck.eventStore().append(events.subList(0, 2))).isInstanceOf(StoreException.class);
        assertThat(duck.eventStore().append(events.subList(1, 2))).isEqualTo(1);
        assertThat(duck.eventStore().append(events.subList(1, 2))).isZero();
        assertThat(stored()).containsExactly(events.get(1).eventId());
    }
}
