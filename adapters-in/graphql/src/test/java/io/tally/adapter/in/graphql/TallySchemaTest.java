package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.SchemaPrinter;
import io.tally.domain.dashboard.WidgetKind;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema file and the code agree: every root field has its own fetcher, and the file parses as it is served. */
class TallySchemaTest {

    private static final GraphQLSchema SCHEMA = TallySchema.build(
            new GraphQlServices(null, null, null, null, null, null, null, null),
            new GraphQlSettings(8, 200, Duration.ofSeconds(10), Clock.systemUTC()));

    @Test
    void everyRootFieldHasAFetcher() {
        List<String> unwired = new ArrayList<>();
        for (GraphQLObjectType root : List.of(SCHEMA.getQueryType(), SCHEMA.getMutationType(), SCHEMA.getSubscriptionType())) {
            for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                DataFetcher<?> fetcher = SCHEMA.getCodeRegistry().getDataFetcher(FieldCoordinates.coordinates(root, field), field);
                if (fetcher instanceof PropertyDataFetcher<?>) {
                    unwired.add(root.getName() + "." + field.getName());
                }
            }
        }
        assertThat(unwired).isEmpty();
        assertThat(SCHEMA.getQueryType().getFieldDefinitions()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void theServedTextIsTheFileAndDescribesTheExecutableSchema() {
        String printed = new SchemaPrinter().print(SCHEMA);
        for (String type : List.of("ReportInput", "FunnelInput", "RetentionInput", "PathsInput", "StickinessInput",
                "LifecycleInput", "LiveInput", "TimeToConvertInput", "Report", "Stickiness", "Lifecycle", "TimeToConvert",
                "ConversionBin", "FunnelTrendInterval", "FunnelExclusionInput", "FunnelExclusion", "Meta")) {
            assertThat(printed).containsAnyOf("input " + type + " {", "type " + type + " {");
        }
        assertThat(GraphQlApi.schemaText()).contains("subscription: Subscription", "scalar Cell");
    }

    @Test
    void everyWidgetKindIsAQueryFieldAWidgetInputFieldAndAWidgetAnswerField() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("WidgetInput");
        GraphQLObjectType answer = SCHEMA.getObjectType("WidgetAnswer");
        for (WidgetKind kind : WidgetKind.values()) {
            assertThat(SCHEMA.getQueryType().getFieldDefinition(kind.label())).as("Query." + kind.label()).isNotNull();
            assertThat(input.getFieldDefinition(kind.label())).as("WidgetInput." + kind.label()).isNotNull();
            assertThat(answer.getFieldDefinition(kind.label())).as("WidgetAnswer." + kind.label()).isNotNull();
        }
    }

    @Test
    void restFieldPathsReadAsArgumentPaths() {
        assertThat(Inputs.path("query", "filters[2][1]")).isEqualTo("query.filters[2].dimension");
        assertThat(Inputs.path("query", "steps[1].filters[0][2][3]")).isEqualTo("query.steps[1].filters[0].values[3]");
        assertThat(Inputs.path("query", "order_by[0][1]")).isEqualTo("query.order_by[0].direction");
        assertThat(Inputs.path("query", "body")).isEqualTo("query");
        assertThat(Inputs.path("", "from")).isEqualTo("from");
        assertThat(Inputs.path("query", "time_to_convert.to_step")).isEqualTo("query.time_to_convert.to_step");
        assertThat(Inputs.path("query", "exclusions[1].filters[0][1]")).isEqualTo("query.exclusions[1].filters[0].dimension");
    }

    @Test
    void aFunnelAsksForItsTrendWithAnIntervalAndAnswersItAsATypedList() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("FunnelInput");
        assertThat(input.getFieldDefinition("interval")).isNotNull();
        GraphQLObjectType trend = SCHEMA.getObjectType("FunnelTrendInterval");
        assertThat(trend.getFieldDefinitions()).extracting(GraphQLFieldDefinition::getName)
                .containsExactlyInAnyOrder("period", "entered", "converted", "conversion_rate", "users");
        assertThat(SCHEMA.getObjectType("Funnel").getFieldDefinition("trend")).isNotNull();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        body.put("interval", "week");
        assertThat(Inputs.body(body)).containsEntry("interval", "week");
    }

    @Test
    void aFunnelAsksForItsStepOrderAsAStringAndTheMetaNamesIt() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("FunnelInput");
        assertThat(input.getFieldDefinition("step_order")).isNotNull();
        assertThat(input.getFieldDefinition("step_order").getDescription()).contains("ordered", "strict");
        assertThat(SCHEMA.getObjectType("Meta").getFieldDefinition("step_order")).isNotNull();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        body.put("step_order", "strict");
        assertThat(Inputs.body(body)).containsEntry("step_order", "strict");
    }

    @Test
    void aFunnelsTimeToConvertIsTheRestObjectAsGiven() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        input.put("time_to_convert", Map.of("from_step", 1, "bins", 5));
        assertThat(Inputs.body(input)).containsEntry("time_to_convert", Map.of("from_step", 1, "bins", 5));
    }

    @Test
    void aFunnelsExclusionsAreRestObjectsWithTheirFiltersSpeltAsRestSpellsThem() {
        GraphQLInputObjectType exclusion = (GraphQLInputObjectType) SCHEMA.getType("FunnelExclusionInput");
        assertThat(exclusion.getFieldDefinitions()).extracting(GraphQLInputObjectField::getName)
                .containsExactlyInAnyOrder("event", "filters", "from_step", "to_step");
        assertThat(((GraphQLInputObjectType) SCHEMA.getType("FunnelInput")).getFieldDefinition("exclusions")).isNotNull();
        GraphQLObjectType answered = SCHEMA.getObjectType("FunnelExclusion");
        assertThat(answered.getFieldDefinitions()).extracting(GraphQLFieldDefinition::getName)
                .containsExactlyInAnyOrder("event", "from_step", "to_step");
        assertThat(SCHEMA.getObjectType("Meta").getFieldDefinition("exclusions")).isNotNull();

        Map<String, Object> help = new LinkedHashMap<>();
        help.put("event", "page_view");
        help.put("filters", List.of(Map.of("op", "is", "dimension", "prop:path", "values", List.of("/help"))));
        help.put("from_step", 1);
        help.put("to_step", 2);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        input.put("exclusions", List.of(help, Map.of("event", "refund")));
        Map<String, Object> restHelp = new LinkedHashMap<>();
        restHelp.put("event", "page_view");
        restHelp.put("filters", List.of(List.of("is", "prop:path", List.of("/help"))));
        restHelp.put("from_step", 1);
        restHelp.put("to_step", 2);
        assertThat(Inputs.body(input)).containsEntry("exclusions", List.of(restHelp, Map.of("event", "refund")));
    }
}
