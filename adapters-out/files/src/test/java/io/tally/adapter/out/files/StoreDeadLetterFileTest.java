package io.tally.adapter.out.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.in.SetAsideEvent;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.application.port.out.StoreDeadLetters.StoreDeadLetter;
import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreDeadLetterFileTest {

    @Test
    void each_letter_is_appended_as_a_line_holding_the_error_and_the_event_as_it_would_be_sent(@TempDir Path dir)
            throws Exception {
        List<Event> events = TrafficGenerator.list(new TrafficGenerator.Settings(2, 1, 7,
                Instant.parse("2026-12-01T00:00:00Z"), "shop"));
        Path file = dir.resolve("not-yet/dead-letters.ndjson");
        StoreDeadLetters letters = StoreDeadLetterFile.at(file);
        Instant at = Instant.parse("2026-12-06T10:00:00Z");

        letters.keep(List.of(new StoreDeadLetter(events.get(0), "refused: a key collision", at)));
        letters.keep(List.of(new StoreDeadLetter(events.get(1), "refused: out of range", at)));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.getFirst());
        assertThat(first.get("set_aside_at").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(first.get("project_id").asText()).isEqualTo("shop");
        assertThat(first.get("event_id").asText()).isEqualTo(events.get(0).eventId());
        assertThat(first.get("error").asText()).isEqualTo("refused: a key collision");
        assertThat(first.get("event").get("event_id").asText()).isEqualTo(events.get(0).eventId());
        assertThat(first.get("event").get("event_type").asText()).isEqualTo(events.get(0).eventType());
        assertThat(first.get("event").get("timestamp").asText()).isEqualTo(events.get(0).timestamp().toString());
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("error").asText()).isEqualTo("refused: out of range");
    }

    @Test
    void reading_gives_the_last_letters_of_one_project_oldest_first_and_a_line_cut_short_costs_only_itself(@TempDir Path dir)
            throws Exception {
        List<Event> shop = TrafficGenerator.list(new TrafficGenerator.Settings(3, 1, 7,
                Instant.parse("2026-12-01T00:00:00Z"), "shop"));
        Event other = TrafficGenerator.list(new TrafficGenerator.Settings(1, 1, 8,
                Instant.parse("2026-12-01T00:00:00Z"), "other")).getFirst();
        Path file = dir.resolve("dead-letters.ndjson");
        StoreDeadLetters letters = StoreDeadLetterFile.at(file);
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        assertThat(letters.read("shop", 10)).as("no file yet").isEmpty();

        letters.keep(List.of(new StoreDeadLetter(shop.get(0), "first", at), new StoreDeadLetter(other, "theirs", at)));
        letters.keep(List.of(new StoreDeadLetter(shop.get(1), "second", at), new StoreDeadLetter(shop.get(2), "third", at)));
        Files.writeString(file, "{\"set_aside_at\":\"2026-12-06T10:0", StandardOpenOption.APPEND);

        letters.keep(List.of(new StoreDeadLetter(shop.get(0), "after the cut", at)));

        List<SetAsideEvent> read = letters.read("shop", 2);
        assertThat(read).extracting(SetAsideEvent::error).containsExactly("third", "after the cut");
        assertThat(read.getFirst().eventId()).isEqualTo(shop.get(2).eventId());
        assertThat(read.getFirst().setAsideAt()).isEqualTo(at);
        assertThat(read.getFirst().event()).containsEntry("event_id", shop.get(2).eventId())
                .containsEntry("event_type", shop.get(2).eventType());
        assertThat(letters.read("other", 10)).extracting(SetAsideEvent::error).containsExactly("theirs");
    }
}
