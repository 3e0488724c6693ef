package io.tally.domain.request;

import io.tally.domain.live.LiveQuery;
import io.tally.domain.live.LiveTail;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveRequestTest {

    private static final RequestContext CONTEXT = new RequestContext("p", Instant.parse("2026-11-28T10:00:00Z"), Definitions.NONE);

    @Test
    void readsAWindowAndAnInterval() {
        Validated<LiveQuery> parsed = LiveRequest.parse(Map.of("metrics", List.of("events", "visitors"),
                "dimensions", List.of("time:minute", "event_type"), "window", "2h", "interval", "3s"), CONTEXT);
        LiveQuery query = ((Validated.Valid<LiveQuery>) parsed).value();
        assertThat(query.scope().window()).isEqualTo(Duration.ofHours(2));
        assertThat(query.interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(LiveRequest.parse(Map.of("metrics", List.of("events")), CONTEXT)).isInstanceOf(Validated.Valid.class);
    }

    @Test
    void refusesWhatALiveWindowCannotAnswer() {
        Validated<LiveQuery> parsed = LiveRequest.parse(Map.of("metrics", List.of("bounce_rate"),
                "dimensions", List.of("time:day"), "window", "90s", "interval", "500ms",
                "filters", List.of(List.of("in_cohort", "user", List.of("x")))), CONTEXT);
        List<String> fields = ((Validated.Invalid<LiveQuery>) parsed).violations().stream().map(Violation::field).toList();
        assertThat(fields).contains("metrics", "dimensions", "window", "interval", "filters[0][0]");
        assertThat(LiveRequest.parse(Map.of("metrics", List.of("events"), "window", "25h"), CONTEXT))
                .isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void readsATail() {
        LiveTail tail = ((Validated.Valid<LiveTail>) LiveRequest.parseTail(Map.of("sample", 0.25,
                "filters", List.of(List.of("is", "event_type", List.of("purchase")))), CONTEXT)).value();
        assertThat(tail.sample()).isEqualTo(0.25);
        assertThat(LiveRequest.parseTail(Map.of("sample", 0), CONTEXT)).isInstanceOf(Validated.Invalid.class);
        assertThat(LiveRequest.parseTail(Map.of("sample", 2), CONTEXT)).isInstanceOf(Validated.Invalid.class);
    }
}
