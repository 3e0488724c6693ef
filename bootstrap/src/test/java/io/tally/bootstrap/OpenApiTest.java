package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.adapter.in.rest.RestApi;
import io.tally.application.port.in.Answer;
import io.tally.application.port.in.shape.Charts;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.goal.Conversions;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;
import io.tally.domain.query.SourcePlanner;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.request.Definitions;
import io.tally.domain.request.RequestContext;
import io.tally.domain.request.TrendRequest;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.SeriesCounts;
import io.tally.domain.trend.Trend;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    void a_funnels_breakdown_attribution_lists_every_attribution_in_the_body_and_in_the_meta(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode schemas = new ObjectMapper().valueToTree(document).at("/components/schemas");
            List<String> attributions = Stream.of(Attribution.FIRST_TOUCH, new Attribution.LastTouch(), new Attribution.AtStep(2))
                    .map(Attribution::label).toList();
            JsonNode asked = schemas.at("/FunnelQuery/properties/breakdown_attribution");
            List<String> askedLabels = new ArrayList<>();
            asked.get("enum").forEach(label -> askedLabels.add(label.asText()));
            assertThat(askedLabels).containsExactlyElementsOf(attributions);
            assertThat(asked.get("default").asText()).isEqualTo(Attribution.FIRST_TOUCH.label());
            assertThat(schemas.at("/FunnelQuery/properties/breakdown_attribution_step/maximum").asInt()).isEqualTo(FunnelQuery.MAX_STEPS);
            List<String> answered = new ArrayList<>();
            schemas.at("/Funnel/properties/meta/allOf/1/properties/breakdown_attribution/enum")
                    .forEach(label -> answered.add(label.asText()));
            assertThat(answered).containsExactlyElementsOf(attributions);
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

    @Test
    @SuppressWarnings("unchecked")
    void a_trend_is_described_with_every_field_its_body_reads_and_its_answer_writes(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode root = new ObjectMapper().valueToTree(document);
            JsonNode schemas = root.at("/components/schemas");
            assertThat(root.at("/paths/~1v1~1trends/post/requestBody/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/TrendQuery");
            JsonNode asked = schemas.at("/TrendQuery/properties");
            assertThat(fieldNames(asked)).containsExactlyInAnyOrder("series", "formulas", "filters", "interval", "breakdown",
                    "breakdown_limit", "date_range", "timezone", "compare");
            List<String> compares = new ArrayList<>();
            asked.at("/compare/enum").forEach(label -> compares.add(label.asText()));
            assertThat(compares).containsExactlyElementsOf(Stream.of(Compare.values()).map(Compare::label).toList());
            assertThat(fieldNames(asked.at("/series/items/properties"))).containsExactlyInAnyOrder("event", "goal", "filters",
                    "metric");
            assertThat(fieldNames(asked.at("/formulas/items/properties"))).containsExactlyInAnyOrder("expression", "name");
            assertThat(asked.at("/series/maxItems").asInt()).isEqualTo(TrendQuery.MAX_SERIES);
            assertThat(asked.at("/formulas/maxItems").asInt()).isEqualTo(TrendQuery.MAX_FORMULAS);
            assertThat(asked.at("/breakdown_limit/maximum").asInt()).isEqualTo(TrendQuery.MAX_BREAKDOWN_LIMIT);
            assertThat(asked.at("/breakdown_limit/default").asInt()).isEqualTo(TrendQuery.DEFAULT_BREAKDOWN_LIMIT);
            List<String> intervals = new ArrayList<>();
            asked.at("/interval/enum").forEach(label -> intervals.add(label.asText()));
            assertThat(intervals).containsExactly("minute", "hour", "day", "week", "month");

            // an answer with a series, a formula, a breakdown and a comparison: every key it writes is described
            Map<String, Object> body = Map.of("series", List.of(Map.of("event", "page_view"), Map.of("metric", "visitors")),
                    "formulas", List.of(Map.of("expression", "B / A")), "breakdown", "country", "breakdown_limit", 2,
                    "date_range", List.of("2026-09-10", "2026-09-11"), "timezone", "Europe/Berlin", "compare", "previous_year");
            TrendQuery query = switch (TrendRequest.parse(body, new RequestContext("default", Instant.parse("2026-09-20T00:00:00Z"),
                    Definitions.NONE))) {
                case Validated.Valid<TrendQuery> valid -> valid.value();
                case Validated.Invalid<TrendQuery> invalid -> throw new AssertionError(invalid.violations());
            };
            SeriesCounts counts = new SeriesCounts(new Report.Counts(Map.of(), Aggregates.ZERO),
                    Map.of(new Group(List.of("DE")), Aggregates.ZERO));
            Map<String, Object> chart = Charts.trend(new Answer<>(Trend.assemble(query, List.of(counts, counts),
                    Optional.of(List.of(counts, counts))), "raw", Duration.ZERO));
            JsonNode answered = schemas.at("/Trend/properties");
            assertThat(fieldNames(answered)).containsAll(chart.keySet());
            for (Map<String, Object> line : (List<Map<String, Object>>) chart.get("lines")) {
                assertThat(fieldNames(answered.at("/lines/items/properties"))).containsAll(line.keySet()).contains("previous");
                assertThat(fieldNames(answered.at("/lines/items/properties/previous/properties")))
                        .containsExactlyInAnyOrderElementsOf(((Map<String, Object>) line.get("previous")).keySet());
            }
            assertThat((Map<String, Object>) chart.get("meta")).containsKeys("compare", "previous_date_range");
            List<String> metaFields = new ArrayList<>(fieldNames(schemas.at("/Meta/properties")));
            metaFields.addAll(fieldNames(answered.at("/meta/allOf/1/properties")));
            assertThat(metaFields).containsAll(((Map<String, Object>) chart.get("meta")).keySet());
            List<String> sources = new ArrayList<>();
            answered.at("/meta/allOf/1/properties/source/enum").forEach(source -> sources.add(source.asText()));
            assertThat(sources).containsExactlyInAnyOrderElementsOf(QueryTelemetry.TREND_SOURCES);

            List<String> kinds = new ArrayList<>();
            schemas.at("/Widget/properties/kind/enum").forEach(kind -> kinds.add(kind.asText()));
            assertThat(kinds).containsExactlyElementsOf(Stream.of(WidgetKind.values()).map(WidgetKind::label).toList());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void goals_and_their_conversions_are_described_with_every_field_read_and_written(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode root = new ObjectMapper().valueToTree(document);
            JsonNode schemas = root.at("/components/schemas");

            // a goal: what the body reads is what a saved goal is written back as, of either kind
            for (String route : List.of("/paths/~1v1~1goals/post/requestBody", "/paths/~1v1~1goals~1{name}/put/requestBody",
                    "/paths/~1v1~1goals~1{name}/get/responses/200")) {
                assertThat(root.at(route + "/content/application~1json/schema/$ref").asText()).as(route)
                        .isEqualTo("#/components/schemas/Goal");
            }
            assertThat(root.at("/paths/~1v1~1goals/get/responses/200/content/application~1json/schema/properties/goals/items/$ref")
                    .asText()).isEqualTo("#/components/schemas/Goal");
            JsonNode goal = schemas.at("/Goal/properties");
            assertThat(fieldNames(goal)).containsExactlyInAnyOrder("name", "description", "event", "page", "filters");
            assertThat(goal.at("/page/maxLength").asInt()).isEqualTo(PagePattern.MAX_LENGTH);
            assertThat(goal.at("/page/description").asText()).contains("/blog/* matches /blog/a but neither /blog nor /blog/a/b",
                    "/blog/** matches /blog/a/b");
            Goal page = new Goal("blog_posts", "", new Goal.PageVisit(new PagePattern("/blog/*")), List.of());
            Goal event = new Goal("team_sign_up", "teams", new Goal.CustomEvent("sign_up"),
                    List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("team"))));
            for (Goal saved : List.of(page, event)) {
                assertThat(fieldNames(goal)).containsAll(DefinitionRequests.wire(saved).keySet());
            }

            // conversions: the body's fields, and every key of an answer
            assertThat(root.at("/paths/~1v1~1conversions/post/requestBody/content/application~1json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/ConversionsQuery");
            JsonNode asked = schemas.at("/ConversionsQuery/properties");
            assertThat(fieldNames(asked)).containsExactlyInAnyOrder("goals", "filters", "date_range", "timezone");
            assertThat(asked.at("/goals/maxItems").asInt()).isEqualTo(ConversionsQuery.MAX_GOALS);
            ConversionsQuery query = new ConversionsQuery("default", List.of(page, event), List.of(),
                    new TimeRange(Instant.parse("2026-09-10T00:00:00Z"), Instant.parse("2026-09-13T00:00:00Z")), ZoneOffset.UTC);
            Aggregates all = new Aggregates(9, 4, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
            Map<String, Object> chart = Charts.conversions(new Answer<>(Conversions.assemble(query, all,
                    List.of(new Aggregates(2, 1, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ONE), Aggregates.ZERO)), "raw", Duration.ZERO));
            JsonNode answered = schemas.at("/Conversions/properties");
            assertThat(fieldNames(answered)).containsAll(chart.keySet());
            List<String> columns = new ArrayList<>();
            answered.at("/columns/example").forEach(column -> columns.add(column.asText()));
            assertThat(columns).isEqualTo(chart.get("columns"));
            List<String> metaFields = new ArrayList<>(fieldNames(schemas.at("/Meta/properties")));
            metaFields.addAll(fieldNames(answered.at("/meta/allOf/1/properties")));
            assertThat(metaFields).containsAll(((Map<String, Object>) chart.get("meta")).keySet());
            List<String> sources = new ArrayList<>();
            answered.at("/meta/allOf/1/properties/source/enum").forEach(source -> sources.add(source.asText()));
            assertThat(sources).containsExactlyInAnyOrderElementsOf(QueryTelemetry.QUERY_SOURCES.get("conversions"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void annotations_are_described_with_every_field_read_and_written_and_in_the_meta_of_answers(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode root = new ObjectMapper().valueToTree(document);
            JsonNode schemas = root.at("/components/schemas");
            for (String route : List.of("/paths/~1v1~1annotations/post/requestBody", "/paths/~1v1~1annotations/post/responses/201",
                    "/paths/~1v1~1annotations~1{id}/put/requestBody", "/paths/~1v1~1annotations~1{id}/get/responses/200")) {
                assertThat(root.at(route + "/content/application~1json/schema/$ref").asText()).as(route)
                        .isEqualTo("#/components/schemas/Annotation");
            }
            assertThat(root.at("/paths/~1v1~1annotations/get/responses/200/content/application~1json/schema/properties/annotations/items/$ref")
                    .asText()).isEqualTo("#/components/schemas/Annotation");
            assertThat(root.at("/paths/~1v1~1annotations/post/responses/201/headers/Location").isMissingNode()).isFalse();
            assertThat(root.at("/paths/~1v1~1annotations~1{id}/parameters/0/schema/pattern").asText())
                    .isEqualTo("^" + Annotation.ID.pattern() + "$");
            JsonNode annotation = schemas.at("/Annotation/properties");
            Annotation note = new Annotation(Annotation.newId(), Instant.parse("2026-11-28T08:30:00Z"), "new pricing page");
            assertThat(fieldNames(annotation)).containsExactlyInAnyOrderElementsOf(DefinitionRequests.wire(note).keySet());
            assertThat(annotation.at("/text/maxLength").asInt()).isEqualTo(Annotation.MAX_TEXT);

            // every answer's meta may list them, with the keys the answer's shape writes
            assertThat(schemas.at("/Meta/properties/annotations/items/$ref").asText()).isEqualTo("#/components/schemas/Annotation");
            Map<String, Object> chart = new LinkedHashMap<>(Map.of("meta", new LinkedHashMap<>()));
            Charts.annotations(chart, List.of(note));
            for (Map<String, Object> entry : (List<Map<String, Object>>) ((Map<String, Object>) chart.get("meta")).get("annotations")) {
                assertThat(fieldNames(annotation)).containsExactlyInAnyOrderElementsOf(entry.keySet());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_funnels_breakdown_values_have_a_trend_described_as_the_funnels_own(@TempDir Path dir) {
        try (Tally tally = EndToEndTest.start(dir)) {
            Map<String, Object> document = new Yaml().load(new Http(tally.port()).get("/openapi").body());
            JsonNode schemas = new ObjectMapper().valueToTree(document).at("/components/schemas");
            String interval = "#/components/schemas/FunnelTrendInterval";
            assertThat(schemas.at("/Funnel/properties/trend/items/$ref").asText()).isEqualTo(interval);
            assertThat(schemas.at("/Funnel/properties/breakdown/items/properties/trend/items/$ref").asText()).isEqualTo(interval);
            FunnelQuery query = new FunnelQuery("default", List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up")),
                    FunnelQuery.DEFAULT_WINDOW, new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")),
                    ZoneOffset.UTC, Optional.of(new Dimension.Property("plan"))).withTrend(Granularity.DAY);
            List<FunnelCounts.StepCount> one = List.of(FunnelCounts.StepCount.first(1), new FunnelCounts.StepCount(0, null, null));
            Map<String, Object> chart = Charts.funnel(new Answer<>(Funnel.assemble(query,
                    new FunnelCounts(Map.of(Group.NONE, one)), new FunnelCounts(Map.of(Group.of("team"), one)),
                    new FunnelCounts(Map.of(Group.of("2026-11-01T00:00:00Z"), one)),
                    new FunnelCounts(Map.of(Group.of("2026-11-01T00:00:00Z", "team"), one))), "raw", Duration.ZERO));
            Map<String, Object> value = ((List<Map<String, Object>>) chart.get("breakdown")).getFirst();
            assertThat(fieldNames(schemas.at("/Funnel/properties/breakdown/items/properties"))).containsExactlyInAnyOrderElementsOf(value.keySet());
            for (Map<String, Object> entry : (List<Map<String, Object>>) value.get("trend")) {
                assertThat(fieldNames(schemas.at("/FunnelTrendInterval/properties"))).containsExactlyInAnyOrderElementsOf(entry.keySet());
            }
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
