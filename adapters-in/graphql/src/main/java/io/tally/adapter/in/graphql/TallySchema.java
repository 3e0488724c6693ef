package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeRuntimeWiring;
import io.tally.application.port.in.Caller;
import io.tally.domain.access.KeyKind;
import io.tally.domain.live.LiveQuery;
import io.tally.domain.request.LiveRequest;
import io.tally.domain.validation.Validated;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The schema: {@code schema.graphql} in this module (the published contract, served at
 * {@code /graphql/schema.graphql}) wired to the fetchers. Wiring is strict: a field wired here but missing from the
 * file fails at start.
 */
final class TallySchema {

    static final String RESOURCE = "schema.graphql";

    private TallySchema() {
    }

    static String text() {
        try (InputStream in = TallySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the GraphQL adapter");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GraphQLSchema build(GraphQlServices services, GraphQlSettings settings) {
        TypeDefinitionRegistry types = new SchemaParser().parse(text());
        Fetchers fetchers = new Fetchers(services, settings);
        DefinitionFetchers definitions = new DefinitionFetchers(services.definitions(), fetchers);
        DashboardFetchers dashboards = new DashboardFetchers(services.dashboards(), services.dashboardAnswers(), fetchers);
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .strictMode()
                .scalar(CellScalar.CELL)
                .type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("report", fetchers.report())
                        .dataFetcher("timeseries", fetchers.timeseries())
                        .dataFetcher("funnel", fetchers.funnel())
                        .dataFetcher("retention", fetchers.retention())
                        .dataFetcher("paths", fetchers.paths())
                        .dataFetcher("stickiness", fetchers.stickiness())
                        .dataFetcher("lifecycle", fetchers.lifecycle())
                        .dataFetcher("trend", fetchers.trend())
                        .dataFetcher("conversions", fetchers.conversions())
                        .dataFetcher("kpis", definitions.kpis())
                        .dataFetcher("kpi", definitions.kpi())
                        .dataFetcher("cohorts", definitions.cohorts())
                        .dataFetcher("cohort", definitions.cohort())
                        .dataFetcher("goals", definitions.goals())
                        .dataFetcher("goal", definitions.goal())
                        .dataFetcher("annotations", definitions.annotations())
                        .dataFetcher("annotation", definitions.annotation())
                        .dataFetcher("dashboards", dashboards.dashboards())
                        .dataFetcher("dashboard", dashboards.dashboard()))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("saveKpi", definitions.saveKpi())
                        .dataFetcher("deleteKpi", definitions.deleteKpi())
                        .dataFetcher("saveCohort", definitions.saveCohort())
                        .dataFetcher("deleteCohort", definitions.deleteCohort())
                        .dataFetcher("saveGoal", definitions.saveGoal())
                        .dataFetcher("deleteGoal", definitions.deleteGoal())
                        .dataFetcher("saveAnnotation", definitions.saveAnnotation())
                        .dataFetcher("deleteAnnotation", definitions.deleteAnnotation())
                        .dataFetcher("saveDashboard", dashboards.save())
                        .dataFetcher("deleteDashboard", dashboards.delete()))
                .type(TypeRuntimeWiring.newTypeWiring("Dashboard")
                        .dataFetcher("answers", dashboards.answers()))
                .type(TypeRuntimeWiring.newTypeWiring("Widget")
                        .dataFetcher("query", DashboardFetchers.query()))
                .type(TypeRuntimeWiring.newTypeWiring("Subscription")
                        .dataFetcher("live", live(services, fetchers)))
                .type(TypeRuntimeWiring.newTypeWiring("Report")
                        .dataFetcher("totals", Fetchers.metricValues("totals")))
                .type(TypeRuntimeWiring.newTypeWiring("Comparison")
                        .dataFetcher("totals", Fetchers.metricValues("totals"))
                        .dataFetcher("totals_change_percent", Fetchers.metricValues("totals_change_percent")))
                .type(TypeRuntimeWiring.newTypeWiring("CohortRule")
                        .dataFetcher("filters", DefinitionFetchers.ruleFilters())
                        .dataFetcher("date_range", DefinitionFetchers.ruleRange()))
                .type(TypeRuntimeWiring.newTypeWiring("Goal")
                        .dataFetcher("filters", DefinitionFetchers.ruleFilters()))
                .build();
        return new SchemaGenerator().makeExecutableSchema(types, wiring);
    }

    private static DataFetcher<Object> live(GraphQlServices services, Fetchers fetchers) {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> {
            Optional<Object> refused = fetchers.refused(env);
            if (refused.isPresent()) {
                return refused.get();
            }
            Caller caller = Fetchers.caller(env);
            Map<String, Object> body = Inputs.body(env.getArgument("query"));
            return switch (LiveRequest.parse(body, fetchers.context(caller))) {
                case Validated.Invalid<LiveQuery> invalid -> Errors.invalid(env, "query", invalid.violations());
                case Validated.Valid<LiveQuery> valid -> new LivePublisher(services.live(), valid.value());
            };
        });
    }
}
