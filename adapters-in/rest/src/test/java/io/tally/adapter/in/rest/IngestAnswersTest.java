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
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.in.SetAside;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code POST /v1/events?wait=true} answers when the store is slow, or refuses some events for good. */
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

    private static HttpResponse<String> post(IngestResult answer) throws Exception {
        IngestEventsUseCase ingest = command -> answer;
        AdmitRequestsUseCase limits = new AdmitRequestsUseCase() {
            @Override public Admission admitIngest(String projectId, String caller, int events) {
                return new Admission(true, 1_000, 1_000 - events, 1, 0, false);
            }
            @Override public Admission admitQuery(String projectId, String caller) {
                return new Admission(true, 1_000, 999, 1, 0, false);
            }
        };
        RestServices services = new RestServices(ingest, unused(AnswerAnalyticsUseCase.class),
                unused(ManageDefinitionsUseCase.class), Optional.empty(), limits, unused(AccessUseCase.class),
                unused(ExportEventsUseCase.class), new ReportingServices(unused(RenderReportsUseCase.class),
                unused(ManageDashboardsUseCase.class), unused(AnswerDashboardsUseCase.class),
                unused(ManageAlertsUseCase.class), unused(ManageSchedulesUseCase.class)));
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(routing -> RestApi.register(routing, services, new RestSettings("p", RestSettings.TEN_MIB,
                        Clock.systemUTC(), false)))
                .build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/events?wait=true"))
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop();
        }
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
}
