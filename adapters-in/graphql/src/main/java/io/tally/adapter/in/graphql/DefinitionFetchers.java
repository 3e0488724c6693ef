package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.domain.access.KeyKind;
import io.tally.domain.annotation.Annotation;
import io.tally.domain.cohort.CohortDefinition;
import io.tally.domain.goal.Goal;
import io.tally.domain.query.Kpi;
import io.tally.domain.request.DefinitionRequests;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved KPIs, cohorts, goals and annotations: read with a read key, saved and deleted with an admin key, in the caller's
 * project.
 */
final class DefinitionFetchers {

    private final ManageDefinitionsUseCase definitions;
    private final Fetchers fetchers;

    DefinitionFetchers(ManageDefinitionsUseCase definitions, Fetchers fetchers) {
        this.definitions = definitions;
        this.fetchers = fetchers;
    }

    private static String project(DataFetchingEnvironment env) {
        return Fetchers.caller(env).projectId();
    }

    DataFetcher<Object> kpis() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.kpis(project(env)).stream()
                .map(DefinitionRequests::wire).toList());
    }

    DataFetcher<Object> kpi() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.kpi(project(env), env.getArgument("name"))
                .map(DefinitionRequests::wire).orElse(null));
    }

    DataFetcher<Object> cohorts() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.cohorts(project(env)).stream()
                .map(DefinitionRequests::wire).toList());
    }

    DataFetcher<Object> cohort() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.cohort(project(env), env.getArgument("name"))
                .map(DefinitionRequests::wire).orElse(null));
    }

    DataFetcher<Object> goals() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.goals(project(env)).stream()
                .map(DefinitionRequests::wire).toList());
    }

    DataFetcher<Object> goal() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.goal(project(env), env.getArgument("name"))
                .map(DefinitionRequests::wire).orElse(null));
    }

    DataFetcher<Object> annotations() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.annotations(project(env)).stream()
                .map(DefinitionRequests::wire).toList());
    }

    DataFetcher<Object> annotation() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> definitions.annotation(project(env), env.getArgument("id"))
                .map(DefinitionRequests::wire).orElse(null));
    }

    DataFetcher<Object> saveKpi() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> switch (DefinitionRequests.kpi(Inputs.body(env.getArgument("kpi")))) {
            case Validated.Invalid<Kpi> invalid -> Errors.invalid(env, "kpi", invalid.violations());
            case Validated.Valid<Kpi> valid -> {
                definitions.save(project(env), valid.value());
                yield DefinitionRequests.wire(valid.value());
            }
        });
    }

    DataFetcher<Object> saveCohort() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> switch (DefinitionRequests.cohort(Inputs.body(
                env.getArgument("cohort")), fetchers.context(Fetchers.caller(env)))) {
            case Validated.Invalid<CohortDefinition> invalid -> Errors.invalid(env, "cohort", invalid.violations());
            case Validated.Valid<CohortDefinition> valid -> {
                definitions.save(project(env), valid.value());
                yield DefinitionRequests.wire(valid.value());
            }
        });
    }

    DataFetcher<Object> saveGoal() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> switch (DefinitionRequests.goal(Inputs.body(
                env.getArgument("goal")), fetchers.context(Fetchers.caller(env)))) {
            case Validated.Invalid<Goal> invalid -> Errors.invalid(env, "goal", invalid.violations());
            case Validated.Valid<Goal> valid -> {
                definitions.save(project(env), valid.value());
                yield DefinitionRequests.wire(valid.value());
            }
        });
    }

    /**
     * An annotation under the {@code id} argument, or under a new id without one. Errors name the argument at fault: the
     * id itself, or a field of {@code annotation}.
     */
    DataFetcher<Object> saveAnnotation() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> {
            String id = env.getArgument("id");
            return switch (DefinitionRequests.annotation(Inputs.body(env.getArgument("annotation")),
                    id == null ? Annotation.newId() : id)) {
                case Validated.Invalid<Annotation> invalid -> Errors.invalid(env, "", invalid.violations().stream()
                        .map(v -> v.field().equals("id") ? v : new Violation(Inputs.path("annotation", v.field()), v.kind(), v.message()))
                        .toList());
                case Validated.Valid<Annotation> valid -> {
                    definitions.save(project(env), valid.value());
                    yield DefinitionRequests.wire(valid.value());
                }
            };
        });
    }

    DataFetcher<Object> deleteKpi() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> definitions.deleteKpi(project(env), env.getArgument("name")));
    }

    DataFetcher<Object> deleteCohort() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> definitions.deleteCohort(project(env), env.getArgument("name")));
    }

    DataFetcher<Object> deleteGoal() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> definitions.deleteGoal(project(env), env.getArgument("name")));
    }

    DataFetcher<Object> deleteAnnotation() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> definitions.deleteAnnotation(project(env), env.getArgument("id")));
    }

    /** A cohort rule's or a goal's filters, stored as {@code [op, dimension, values]}, as {@code Filter} objects. */
    static DataFetcher<Object> ruleFilters() {
        return env -> {
            Map<String, Object> rule = env.getSource();
            List<Map<String, Object>> filters = new ArrayList<>();
            for (Object filter : (List<?>) rule.get("filters")) {
                List<?> parts = (List<?>) filter;
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("op", parts.get(0));
                f.put("dimension", parts.get(1));
                f.put("values", parts.get(2));
                filters.add(f);
            }
            return filters;
        };
    }

    /** A rule's date range, a name or a pair, as a list. */
    static DataFetcher<Object> ruleRange() {
        return env -> {
            Object range = ((Map<?, ?>) env.getSource()).get("date_range");
            return range instanceof List<?> list ? list : List.of(String.valueOf(range));
        };
    }
}
