package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.SchemaPrinter;
import io.tally.application.port.in.Answer;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.funnel.Funnel;
import io.tally.domain.funnel.FunnelCounts;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.Conversions;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;
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

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
                "ConversionBin", "FunnelTrendInterval", "FunnelExclusionInput", "FunnelExclusion", "TrendInput",
                "TrendSeriesInput", "TrendFormulaInput", "Trend", "TrendLine", "ConversionsInput", "Conversions", "GoalInput", "Goal",
                "TrendPrevious", "AnnotationInput", "Annotation", "Meta")) {
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
        assertThat(Inputs.path("query", "series[1].filters[0][0]")).isEqualTo("query.series[1].filters[0].op");
        assertThat(Inputs.path("query", "formulas[0].expression")).isEqualTo("query.formulas[0].expression");
    }

    @Test
    void aTrendIsAskedWithTheRestBodysFieldsAndItsSeriesFiltersSpeltAsRestSpellsThem() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("TrendInput");
        assertThat(input.getFieldDefinitions()).extracting(GraphQLInputObjectField::getName).containsExactlyInAnyOrder(
                "series", "formulas", "filters", "interval", "breakdown", "breakdown_limit", "date_range", "timezone", "compare");
        assertThat(((GraphQLInputObjectType) SCHEMA.getType("TrendSeriesInput")).getFieldDefinitions())
                .extracting(GraphQLInputObjectField::getName).containsExactlyInAnyOrder("event", "goal", "filters", "metric");
        assertThat(((GraphQLInputObjectType) SCHEMA.getType("TrendFormulaInput")).getFieldDefinitions())
                .extracting(GraphQLInputObjectField::getName).containsExactlyInAnyOrder("expression", "name");
        assertThat(SCHEMA.getQueryType().getFieldDefinition("trend").getArgument("query")).isNotNull();

        Map<String, Object> signUps = new LinkedHashMap<>();
        signUps.put("event", "sign_up");
        signUps.put("filters", List.of(Map.of("op", "is", "dimension", "country", "values", List.of("DE"))));
        signUps.put("metric", "visitors");
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("series", List.of(Map.of("event", "page_view"), signUps, Map.of("goal", "blog_posts", "metric", "visitors")));
        asked.put("formulas", List.of(Map.of("expression", "B / A * 100", "name", "rate")));
        asked.put("filters", List.of(Map.of("op", "is_not", "dimension", "browser", "values", List.of("Bot"))));
        asked.put("date_range", List.of("last_7d"));
        Map<String, Object> body = Inputs.body(asked);
        assertThat(body.get("series")).isEqualTo(List.of(Map.of("event", "page_view"),
                Map.of("event", "sign_up", "filters", List.of(List.of("is", "country", List.of("DE"))), "metric", "visitors"),
                Map.of("goal", "blog_posts", "metric", "visitors")));
        assertThat(body).containsEntry("formulas", List.of(Map.of("expression", "B / A * 100", "name", "rate")))
                .containsEntry("filters", List.of(List.of("is_not", "browser", List.of("Bot"))))
                .containsEntry("date_range", "last_7d");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyOfATrendsAnswerIsAFieldOfItsType() {
        Map<String, Object> body = Map.of("series", List.of(Map.of("event", "page_view"), Map.of("metric", "visitors")),
                "formulas", List.of(Map.of("expression", "B / A")), "breakdown", "country", "breakdown_limit", 2,
                "date_range", List.of("2026-09-10", "2026-09-11"), "timezone", "Europe/Berlin", "compare", "previous_period");
        TrendQuery query = switch (TrendRequest.parse(body, new RequestContext("default", Instant.parse("2026-09-20T00:00:00Z"),
                Definitions.NONE))) {
            case Validated.Valid<TrendQuery> valid -> valid.value();
            case Validated.Invalid<TrendQuery> invalid -> throw new AssertionError(invalid.violations());
        };
        SeriesCounts counts = new SeriesCounts(new Report.Counts(Map.of(), Aggregates.ZERO),
                Map.of(new Group(List.of("DE")), Aggregates.ZERO));
        Map<String, Object> chart = Charts.trend(new Answer<>(Trend.assemble(query, List.of(counts, counts),
                Optional.of(List.of(counts, counts))), "raw", Duration.ZERO));

        assertThat(fields("Trend")).containsAll(chart.keySet());
        List<Map<String, Object>> lines = (List<Map<String, Object>>) chart.get("lines");
        assertThat(lines).extracting(line -> line.get("kind")).contains("series", "formula");
        lines.forEach(line -> assertThat(fields("TrendLine")).containsAll(line.keySet()).contains("previous"));
        lines.forEach(line -> assertThat(fields("TrendPrevious")).containsAll(((Map<String, Object>) line.get("previous")).keySet()));
        Map<String, Object> meta = (Map<String, Object>) chart.get("meta");
        assertThat(meta).containsKeys("compare", "previous_date_range");
        assertThat(fields("Meta")).containsAll(meta.keySet());
        assertThat(fields("Window")).containsAll(((Map<String, Object>) meta.get("previous_date_range")).keySet());
        assertThat(GraphQLTypeUtil.simplePrint(SCHEMA.getObjectType("Meta").getFieldDefinition("previous_date_range").getType())).isEqualTo("Window");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAnnotationIsSavedAndReadWithTheRestFieldsAndEveryAnswersMetaListsThemAsAnnotations() {
        assertThat(((GraphQLInputObjectType) SCHEMA.getType("AnnotationInput")).getFieldDefinitions())
                .extracting(GraphQLInputObjectField::getName).containsExactlyInAnyOrder("at", "text");
        Annotation note = new Annotation("0123456789abcdef", Instant.parse("2026-09-10T08:30:00Z"), "new pricing");
        assertThat(fields("Annotation")).containsExactlyInAnyOrderElementsOf(DefinitionRequests.wire(note).keySet());
        assertThat(GraphQLTypeUtil.simplePrint(SCHEMA.getQueryType().getFieldDefinition("annotations").getType())).isEqualTo("[Annotation!]!");
        assertThat(SCHEMA.getQueryType().getFieldDefinition("annotation").getArguments())
                .extracting(GraphQLArgument::getName).containsExactly("id");
        assertThat(SCHEMA.getMutationType().getFieldDefinition("saveAnnotation").getArguments())
                .extracting(GraphQLArgument::getName).containsExactlyInAnyOrder("id", "annotation");
        assertThat(GraphQLTypeUtil.simplePrint(SCHEMA.getMutationType().getFieldDefinition("saveAnnotation").getArgument("id").getType()))
                .as("left out, a new annotation").isEqualTo("String");
        assertThat(SCHEMA.getMutationType().getFieldDefinition("deleteAnnotation").getArguments())
                .extracting(GraphQLArgument::getName).containsExactly("id");
        assertThat(Inputs.body(Map.of("at", "2026-09-10T10:30:00+02:00", "text", "new pricing")))
                .isEqualTo(Map.of("at", "2026-09-10T10:30:00+02:00", "text", "new pricing"));

        Map<String, Object> chart = new LinkedHashMap<>(Map.of("meta", new LinkedHashMap<>(Map.of("source", "raw"))));
        Charts.annotations(chart, List.of(note));
        Map<String, Object> meta = (Map<String, Object>) chart.get("meta");
        assertThat(fields("Meta")).containsAll(meta.keySet());
        assertThat(GraphQLTypeUtil.simplePrint(SCHEMA.getObjectType("Meta").getFieldDefinition("annotations").getType())).isEqualTo("[Annotation!]");
        for (Map<String, Object> entry : (List<Map<String, Object>>) meta.get("annotations")) {
            assertThat(fields("Annotation")).containsExactlyInAnyOrderElementsOf(entry.keySet());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFunnelsBreakdownValuesHaveATrendOfTheTopLevelTrendsType() {
        FunnelQuery query = new FunnelQuery("default", List.of(EventCriteria.of("page_view"), EventCriteria.of("sign_up")),
                FunnelQuery.DEFAULT_WINDOW, new TimeRange(Instant.parse("2026-09-10T00:00:00Z"), Instant.parse("2026-09-12T00:00:00Z")),
                ZoneOffset.UTC, Optional.of(new Dimension.Property("plan"))).withTrend(Granularity.DAY);
        List<FunnelCounts.StepCount> one = List.of(FunnelCounts.StepCount.first(1), new FunnelCounts.StepCount(0, null, null));
        FunnelCounts byValue = new FunnelCounts(Map.of(Group.of("team"), one));
        FunnelCounts byDayAndValue = new FunnelCounts(Map.of(Group.of("2026-09-10T00:00:00Z", "team"), one));
        FunnelCounts byDay = new FunnelCounts(Map.of(Group.of("2026-09-10T00:00:00Z"), one));
        Map<String, Object> chart = Charts.funnel(new Answer<>(Funnel.assemble(query, new FunnelCounts(Map.of(Group.NONE, one)),
                byValue, byDay, byDayAndValue), "raw", Duration.ZERO));
        List<Map<String, Object>> breakdown = (List<Map<String, Object>>) chart.get("breakdown");
        assertThat(breakdown).hasSize(1);
        assertThat(breakdown.getFirst()).containsKey("trend");
        assertThat(fields("FunnelBreakdown")).containsAll(breakdown.getFirst().keySet());
        assertThat(GraphQLTypeUtil.simplePrint(SCHEMA.getObjectType("FunnelBreakdown").getFieldDefinition("trend").getType()))
                .isEqualTo(GraphQLTypeUtil.simplePrint(SCHEMA.getObjectType("Funnel").getFieldDefinition("trend").getType()))
                .isEqualTo("[FunnelTrendInterval!]");
        for (Map<String, Object> entry : (List<Map<String, Object>>) breakdown.getFirst().get("trend")) {
            assertThat(fields("FunnelTrendInterval")).containsExactlyInAnyOrderElementsOf(entry.keySet());
        }
    }

    @Test
    void conversionsAreAskedWithTheRestBodysFieldsUnderTheQueryArgument() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("ConversionsInput");
        assertThat(input.getFieldDefinitions()).extracting(GraphQLInputObjectField::getName)
                .containsExactlyInAnyOrder("goals", "filters", "date_range", "timezone");
        assertThat(SCHEMA.getQueryType().getFieldDefinition("conversions").getArguments())
                .extracting(GraphQLArgument::getName).containsExactly("query");
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("goals", List.of("signed_up", "blog_posts"));
        asked.put("filters", List.of(Map.of("op", "is", "dimension", "country", "values", List.of("DE"))));
        asked.put("date_range", List.of("2026-09-10", "2026-09-12"));
        asked.put("timezone", "Europe/Berlin");
        assertThat(Inputs.body(asked)).containsEntry("goals", List.of("signed_up", "blog_posts"))
                .containsEntry("filters", List.of(List.of("is", "country", List.of("DE"))))
                .containsEntry("date_range", List.of("2026-09-10", "2026-09-12"))
                .containsEntry("timezone", "Europe/Berlin");
        assertThat(Inputs.path("query", "goals[1]")).isEqualTo("query.goals[1]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyOfAConversionsAnswerIsAFieldOfItsType() {
        Goal signedUp = new Goal("signed_up", "", new Goal.CustomEvent("sign_up"), List.of());
        Goal blog = new Goal("blog_posts", "", new Goal.PageVisit(new PagePattern("/blog/*")), List.of());
        ConversionsQuery query = new ConversionsQuery("default", List.of(signedUp, blog), List.of(),
                new TimeRange(Instant.parse("2026-09-10T00:00:00Z"), Instant.parse("2026-09-13T00:00:00Z")), ZoneOffset.UTC);
        Conversions conversions = Conversions.assemble(query, new Aggregates(9, 4, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO),
                List.of(new Aggregates(2, 1, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ONE), Aggregates.ZERO));
        Map<String, Object> chart = Charts.conversions(new Answer<>(conversions, "raw", Duration.ZERO));
        assertThat(fields("Conversions")).containsAll(chart.keySet());
        assertThat(fields("Meta")).containsAll(((Map<String, Object>) chart.get("meta")).keySet());
        assertThat(SCHEMA.getObjectType("Conversions").getFieldDefinition("rows").getType().toString()).isEqualTo("[[Cell]!]!");
    }

    @Test
    void aGoalIsSavedAndReadWithTheRestFieldsAndItsFiltersSpeltAsRestSpellsThem() {
        assertThat(((GraphQLInputObjectType) SCHEMA.getType("GoalInput")).getFieldDefinitions())
                .extracting(GraphQLInputObjectField::getName)
                .containsExactlyInAnyOrder("name", "description", "event", "page", "filters");
        Goal goal = new Goal("team_sign_ups", "teams", new Goal.CustomEvent("sign_up"),
                List.of(new Filter.Match(FilterOp.IS, new Dimension.Property("plan"), List.of("team"))));
        assertThat(fields("Goal")).containsAll(DefinitionRequests.wire(goal).keySet());
        assertThat(fields("Goal")).contains("page");
        assertThat(SCHEMA.getQueryType().getFieldDefinition("goals")).isNotNull();
        assertThat(SCHEMA.getQueryType().getFieldDefinition("goal").getArgument("name")).isNotNull();
        assertThat(SCHEMA.getMutationType().getFieldDefinition("saveGoal").getArgument("goal")).isNotNull();
        assertThat(SCHEMA.getMutationType().getFieldDefinition("deleteGoal").getArgument("name")).isNotNull();

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", "team_sign_ups");
        input.put("event", "sign_up");
        input.put("filters", List.of(Map.of("op", "is", "dimension", "prop:plan", "values", List.of("team"))));
        assertThat(Inputs.body(input)).containsEntry("filters", List.of(List.of("is", "prop:plan", List.of("team"))));
        assertThat(Inputs.path("goal", "filters[0][1]")).isEqualTo("goal.filters[0].dimension");
    }

    private static List<String> fields(String type) {
        return SCHEMA.getObjectType(type).getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).toList();
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
        assertThat(input.getFieldDefinition("step_order").getDescription()).contains("ordered", "strict", "unordered");
        assertThat(SCHEMA.getObjectType("Meta").getFieldDefinition("step_order")).isNotNull();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        body.put("step_order", "strict");
        assertThat(Inputs.body(body)).containsEntry("step_order", "strict");
    }

    @Test
    void aFunnelAsksForItsBreakdownAttributionAndTheMetaNamesIt() {
        GraphQLInputObjectType input = (GraphQLInputObjectType) SCHEMA.getType("FunnelInput");
        assertThat(input.getFieldDefinition("breakdown_attribution").getDescription()).contains("first_touch", "last_touch", "step");
        assertThat(input.getFieldDefinition("breakdown_attribution_step")).isNotNull();
        assertThat(SCHEMA.getObjectType("Meta").getFieldDefinition("breakdown_attribution")).isNotNull();
        assertThat(SCHEMA.getObjectType("Meta").getFieldDefinition("breakdown_attribution_step")).isNotNull();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", List.of(Map.of("event", "page_view"), Map.of("event", "purchase")));
        body.put("breakdown", "country");
        body.put("breakdown_attribution", "step");
        body.put("breakdown_attribution_step", 2);
        assertThat(Inputs.body(body)).containsEntry("breakdown_attribution", "step").containsEntry("breakdown_attribution_step", 2);
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
