package io.tally.domain.request;

import io.tally.domain.schedule.ReportFormat;
import io.tally.domain.schedule.ReportSchedule;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleRequestsTest {

    private static final RequestContext CONTEXT = new RequestContext("default", Instant.parse("2026-11-28T12:00:00Z"),
            Definitions.NONE);
    private static final List<Object> MAIL = List.of(Map.of("email", List.of("team@example.com")));

    private static List<String> fields(Object body) {
        return ((Validated.Invalid<ReportSchedule>) ScheduleRequests.parse(body, CONTEXT)).violations().stream()
                .map(Violation::field).toList();
    }

    @Test
    void a_dashboard_schedule_and_a_query_schedule_read_and_write_back() {
        ReportSchedule weekly = ((Validated.Valid<ReportSchedule>) ScheduleRequests.parse(Map.of("name", "weekly",
                "cron", "0 8 * * MON", "timezone", "Europe/Berlin", "dashboard", "overview", "deliver", MAIL), CONTEXT)).value();
        assertThat(weekly.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(weekly.format()).isEqualTo(ReportFormat.PDF);
        assertThat(weekly.target()).isEqualTo(new ReportSchedule.Target.DashboardNamed("overview"));
        assertThat(ScheduleRequests.parse(ScheduleRequests.wire(weekly), CONTEXT)).isEqualTo(new Validated.Valid<>(weekly));

        ReportSchedule daily = ((Validated.Valid<ReportSchedule>) ScheduleRequests.parse(Map.of("name", "daily",
                "cron", "@daily", "format", "csv", "deliver", MAIL, "query", Map.of("kind", "report",
                        "query", Map.of("metrics", List.of("visitors"), "dimensions", List.of("country")))), CONTEXT)).value();
        assertThat(daily.target()).isInstanceOf(ReportSchedule.Target.Query.class);
        assertThat(ScheduleRequests.parse(ScheduleRequests.wire(daily), CONTEXT)).isEqualTo(new Validated.Valid<>(daily));
    }

    @Test
    void every_mistake_names_its_field() {
        assertThat(fields(Map.of("name", "s", "cron", "every monday", "dashboard", "d", "deliver", MAIL))).containsExactly("cron");
        assertThat(fields(Map.of("name", "s", "cron", "@daily", "deliver", MAIL))).containsExactly("dashboard");
        assertThat(fields(Map.of("name", "s", "cron", "@daily", "dashboard", "d"))).containsExactly("deliver");
        assertThat(fields(Map.of("name", "s", "cron", "@daily", "dashboard", "d", "format", "xlsx", "deliver", MAIL)))
                .containsExactly("format");
        assertThat(fields(Map.of("name", "s", "cron", "@daily", "deliver", MAIL, "query", Map.of("kind", "report",
                "query", Map.of("metrics", List.of("nope")))))).allMatch(f -> f.startsWith("query.query.metrics"));
    }
}
