package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.adapter.in.rest.RestApi;
import io.tally.application.port.in.Answer;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.SourcePlanner;
import io.tally.domain.time.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document served at /openapi describes exactly the routes the server has: the REST adapter's, GraphQL's,
 * the WebSocket endpoints and what Helidon's OpenAPI and observe features serve (so the 404 that points there is true).
 */
class OpenApiTest {

    @Test
    void every_route_is_described_and_nothing_else(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Http.Answer answer = new Http(tally.port()).get("/openapi");
            assertThat(answer.status()).isEqualTo(200);
            Map<String, Object> document = new Yaml().load(answer.body());
            JsonNode paths = new ObjectMapper().valueToTree(document).get("paths");
            Set<String> described = new TreeSet<>();
            paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(operation.getKey())) {
                    described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }));
            Set<String> routes = new TreeSet<>(RestApi.routeKeys());
            routes.addAll(InboundAdapters.GRAPHQL_ROUTES);
            InboundAdapters.WEB_SOCKET_PATHS.forEach(path -> routes.add("GET " + path));
            InboundAdapters.FEATURE_ROUTES.stream().filter(route -> route.startsWith("GET ")).forEach(routes::add);
            assertThat(described).containsExactlyInAnyOrderElementsOf(routes);
            assertThat(described).contains("GET /graphql", "GET /v1/live", "GET /graphql/ws", "GET /observe/health",
                    "GET /observe/metrics", "GET /openapi");
            assertThat(RestApi.routeKeys()).contains("POST /v1/query", "DELETE /v1/cohorts/{name}");
        }
    }

    @Test
    void the_answers_meta_lists_every_source_a_plan_may_name(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode sources = new ObjectMapper().valueToTree(document).at("/components/schemas/Meta/properties/source/enum");
            List<String> described = new ArrayList<>();
            sources.forEach(source -> described.add(source.asText()));
            assertThat(described).containsExactlyInAnyOrderElementsOf(SourcePlanner.LABELS);
        }
    }

    @Test
    void a_funnels_step_order_lists_every_order_in_the_body_and_in_the_meta(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode schemas = new ObjectMapper().valueToTree(document).at("/components/schemas");
            List<String> orders = Stream.of(StepOrder.values()).map(StepOrder::label).toList();
            JsonNode asked = schemas.at("/FunnelQuery/properties/step_order");
            List<String> askedLabels = new ArrayList<>();
            asked.get("enum").forEach(label -> askedLabels.add(label.asText()));
            assertThat(askedLabels).containsExactlyElementsOf(orders);
            assertThat(asked.get("default").asText()).isEqualTo(StepOrder.ORDERED.label());
            List<String> answered = new ArrayList<>();
            schemas.at("/Funnel/properties/meta/allOf/1/properties/step_order/enum").forEach(label -> answered.add(label.asText()));
            assertThat(answered).containsExactlyElementsOf(orders);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_funnels_exclusions_are_described_with_their_limit_and_as_the_meta_names_them(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode schemas = new ObjectMapper().valueToTree(document).at("/components/schemas");
            JsonNode asked = schemas.at("/FunnelQuery/properties/exclusions");
            assertThat(asked.get("maxItems").asInt()).isEqualTo(FunnelQuery.MAX_EXCLUSIONS);
            assertThat(fieldNames(asked.at("/items/properties"))).containsExactlyInAnyOrder("event", "filters", "from_step", "to_step");
            // the meta's entries have the keys the answer's shape writes
            FunnelQuery query = new FunnelQuery("default", List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up")),
                    FunnelQuery.DEFAULT_WINDOW, new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")),
                    ZoneOffset.UTC, Optional.empty()).withExclusions(List.of(new FunnelExclusion(EventCriteria.of("help_open"), 1, 2)));
            Map<String, Object> meta = (Map<String, Object>) Charts.funnel(new Answer<>(new Funnel(query, List.of(), List.of(),
                    Optional.empty(), List.of()), "raw", Duration.ZERO)).get("meta");
            Map<String, Object> written = ((List<Map<String, Object>>) meta.get("exclusions")).getFirst();
            assertThat(fieldNames(schemas.at("/Funnel/properties/meta/allOf/1/properties/exclusions/items/properties")))
                    .containsExactlyInAnyOrderElementsOf(written.keySet());
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
