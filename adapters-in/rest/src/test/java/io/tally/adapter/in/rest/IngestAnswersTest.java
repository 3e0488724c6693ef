package io.tally.adapter.in.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.Admission;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.in.ListSetAsideEventsUseCase;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.in.SetAside;
import io.tally.application.port.in.SetAsideEvent;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code POST /v1/events?wait=true} answers when the store is slow, or refuses some events for good, and how an
 * admin reads the events it set aside.
 */
class IngestAnswersTest {

    private static final String BODY = """
            {"event_id":"a","user_id":"u","session_id":"s","event_type":"page_view"}
            {"event_id":"b","user_id":"u","session_id":"s","event_type":"page_view"}
            """;

    /** A use case nobody calls here. */
    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    private static RestServices services(IngestEventsUseCase ingest, ListSetAsideEventsUseCase setAside) {
        AdmitRequestsUseCase limits = new AdmitRequestsUseCase() {
            @Override public Admission admitIngest(String projectId, String caller, int events) {
                return new Admission(true, 1_000, 1_000 - events, 1, 0, false);
            }
            @Override public Admission admitQuery(String projectId, String caller) {
                return new Admission(true, 1_000, 999, 1, 0, false);
            }
        };
        return new RestServices(ingest, unused(AnswerAnalyticsUseCase.class),
                unused(ManageDefinitionsUseCase.class), Optional.empty(), limits, unused(AccessUseCase.class),
                unused(ExportEventsUseCase.class), new ReportingServices(unused(RenderReportsUseCase.class),
                unused(ManageDashboardsUseCase.class), unused(AnswerDashboardsUseCase.class),
                unused(ManageAlertsUseCase.class), unused(ManageSchedulesUseCase.class)), setAside);
    }

    private static HttpResponse<String> send(RestServices services, String pathAndQuery, Optional<String> ndjson)
            throws Exception {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(routing -> RestApi.register(routing, services, new RestSettings("p", RestSettings.TEN_MIB,
                        Clock.systemUTC(), false)))
                .build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
            ndjson.ifPresent(body -> request.header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
    }

    private static HttpResponse<String> post(IngestResult answer) throws Exception {
        return send(services(command -> answer, unused(ListSetAsideEventsUseCase.class)), "/v1/events?wait=true",
                Optional.of(BODY));
    }

    @Test
    void events_not_stored_within_the_wait_bound_are_a_503_saying_they_were_accepted_and_re_sending_is_safe()
            throws Exception {
        HttpResponse<String> answer = post(new IngestResult.NotYetStored(
                new IngestResult.Accepted(2, 0, List.of(), 0), Duration.ofSeconds(30), Duration.ofSeconds(5)));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = new ObjectMapper().readTree(answer.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:tally:problem:not-yet-stored");
        assertThat(problem.get("detail").asText()).contains("2 event(s) were accepted and will be stored")
                .contains("within 30 s").contains("re-sending them is safe");
        assertThat(problem.get("accepted").asInt()).isEqualTo(2);
        assertThat(problem.get("duplicates").asInt()).isZero();
    }

    @Test
    void events_the_store_set_aside_are_listed_with_their_reason_in_the_202() throws Exception {
        HttpResponse<String> answer = post(new IngestResult.Accepted(2, 0, List.of(), 0,
                List.of(new SetAside("p", "b", "refused: a key collision"))));

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("set_aside")).hasSize(1);
        assertThat(body.get("set_aside").get(0).get("event_id").asText()).isEqualTo("b");
        assertThat(body.get("set_aside").get(0).get("reason").asText()).isEqualTo("refused: a key collision");
    }

    @Test
    void an_answer_with_nothing_set_aside_keeps_its_four_counts_only() throws Exception {
        HttpResponse<String> answer = post(new IngestResult.Accepted(2, 0, List.of(), 0));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(new ObjectMapper().readTree(answer.body()).fieldNames()).toIterable()
                .containsExactly("accepted", "duplicates", "rejected", "bots_excluded");
    }

    @Test
    void an_admin_reads_the_events_the_store_set_aside_for_the_key_s_project() throws Exception {
        List<String> asked = new ArrayList<>();
        ListSetAsideEventsUseCase setAside = (project, limit) -> {
            asked.add(project + " " + limit);
            return List.of(new SetAsideEvent(Instant.parse("2026-12-06T10:00:00Z"), project, "b", "refused: a key collision",
                    Map.of("event_id", "b", "event_type", "page_view")));
        };

        HttpResponse<String> answer = send(services(unused(IngestEventsUseCase.class), setAside),
                "/v1/admin/dead-letters/store?limit=5", Optional.empty());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(asked).containsExactly("p 5");
        JsonNode event = new ObjectMapper().readTree(answer.body()).get("events").get(0);
        assertThat(event.get("set_aside_at").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(event.get("event_id").asText()).isEqualTo("b");
        assertThat(event.get("error").asText()).isEqualTo("refused: a key collision");
        assertThat(event.get("event").get("event_type").asText()).isEqualTo("page_view");
        assertThat(send(services(unused(IngestEventsUseCase.class), setAside), "/v1/admin/dead-letters/store?limit=0",
                Optional.empty()).statusCode()).isEqualTo(400);
    }
}
