package io.tally.domain.request;

import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every place a query takes a timezone accepts the zones both stores understand (Java's other spellings of a
 * whole-hour offset included) and refuses the rest with a violation naming the field, never a zone the store fails on.
 */
class TimeZoneRequestsTest {

    private static final RequestContext CONTEXT = new RequestContext("default", Instant.parse("2026-11-28T12:00:00Z"),
            Definitions.NONE);
    private static final List<Object> MAIL = List.of(Map.of("email", List.of("team@example.com")));

    /** Each parser with a minimal valid body, the timezone added. */
    private static final Map<String, Function<String, Validated<?>>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put("report", zone -> ReportRequest.parse(body("timezone", zone, "metrics", List.of("events")), CONTEXT));
        PARSERS.put("timeseries", zone -> new TimeseriesRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(zone)).toQuery("default", CONTEXT.now()));
        PARSERS.put("funnel", zone -> FunnelRequest.parse(body("timezone", zone, "steps",
                List.of(Map.of("event", "a"), Map.of("event", "b"))), CONTEXT));
        PARSERS.put("retention", zone -> RetentionRequest.parse(body("timezone", zone, "start_event", Map.of("event", "a")), CONTEXT));
        PARSERS.put("paths", zone -> PathsRequest.parse(body("timezone", zone, "anchor", Map.of("event", "a")), CONTEXT));
        PARSERS.put("live", zone -> LiveRequest.parse(body("timezone", zone, "metrics", List.of("events")), CONTEXT));
        PARSERS.put("alert", zone -> AlertRequests.parse(body("timezone", zone, "name", "a", "metric", "events",
                "condition", Map.of("type", "above", "threshold", 1)), CONTEXT));
        PARSERS.put("schedule", zone -> ScheduleRequests.parse(body("timezone", zone, "name", "s", "cron", "0 8 * * MON",
                "dashboard", "overview", "deliver", MAIL), CONTEXT));
        PARSERS.put("cohort", zone -> DefinitionRequests.cohort(body("name", "c", "rules",
                List.of(body("event", "a", "timezone", zone))), CONTEXT));
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14:00", "Z", "UT", "GMT+14", "UTC+5", "SystemV/EST5", "-12:00", "Asia/Kolkata", "America/Havana"})
    void zones_both_stores_understand_are_accepted_everywhere(String zone) {
        PARSERS.forEach((what, parser) -> assertThat(parser.apply(zone)).as(what + " in " + zone).isInstanceOf(Validated.Valid.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+05:30", "-03:30", "+15:00", "SystemV/EST5EDT", "America/Vancouver", "Mars/Olympus"})
    void other_zones_are_refused_everywhere_naming_the_timezone(String zone) {
        PARSERS.forEach((what, parser) -> {
            Validated<?> parsed = parser.apply(zone);
            assertThat(parsed).as(what + " in " + zone).isInstanceOf(Validated.Invalid.class);
            List<Violation> violations = ((Validated.Invalid<?>) parsed).violations();
            assertThat(violations).as(what).singleElement().satisfies(v -> {
                assertThat(v.field()).endsWith("timezone");
                assertThat(v.message()).contains("whole hours", "Asia/Kolkata");
            });
        });
    }
}
