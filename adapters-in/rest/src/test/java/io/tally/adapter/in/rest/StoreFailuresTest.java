package io.tally.adapter.in.rest;

import io.helidon.webserver.WebServer;
import io.tally.application.port.in.AccessUseCase;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.AnswerAnalyticsUseCase;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.ManageAlertsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.in.ManageSchedulesUseCase;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.out.StoreException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that does not answer (restarting, or closed under a request by a stopping node) is a 503 with
 * {@code Retry-After}: nothing was changed, and the caller is told when to try again.
 */
class StoreFailuresTest {

    /** Every call of every use case fails as a store that does not answer. */
    private static <T> T failing(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> {
                    throw new StoreException("the store did not answer", null);
                }));
    }

    @Test
    void a_store_that_does_not_answer_is_503_with_retry_after() throws Exception {
        RestServices services = new RestServices(failing(IngestEventsUseCase.class),
                failing(AnswerAnalyticsUseCase.class), failing(ManageDefinitionsUseCase.class), Optional.empty(),
                failing(AdmitRequestsUseCase.class), failing(AccessUseCase.class),
                failing(ExportEventsUseCase.class), new ReportingServices(failing(RenderReportsUseCase.class),
                failing(ManageDashboardsUseCase.class), failing(AnswerDashboardsUseCase.class),
                failing(ManageAlertsUseCase.class), failing(ManageSchedulesUseCase.class)));
        WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(routing -> RestApi.register(routing, services, new RestSettings("p", RestSettings.TEN_MIB,
                        Clock.systemUTC(), false)))
                .build().start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/kpis")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(answer.body()).contains("urn:tally:problem:store-unavailable");
        } finally {
            server.stop();
        }
    }
}
