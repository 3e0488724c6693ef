package io.tally.adapter.in.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.tally.application.port.in.AnswerDashboardsUseCase;
import io.tally.application.port.in.ManageDashboardsUseCase;
import io.tally.domain.access.KeyKind;
import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.WidgetKind;
import io.tally.domain.request.DashboardRequests;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved dashboards: read with a read key, saved and deleted with an admin key; {@code Dashboard.answers} answers
 * every widget through the use case REST's dashboard endpoint uses, cached in GraphQL's own form.
 */
final class DashboardFetchers {

    private static final AnswerDashboardsUseCase.Encoding GRAPHQL = AnswerDashboardsUseCase.Encoding.of("graphql", Json::write);
    /** "set exactly one of report, timeseries, … or lifecycle": from the kinds themselves, so a new one is named. */
    private static final String ONE_KIND = oneKind();

    private final ManageDashboardsUseCase dashboards;
    private final AnswerDashboardsUseCase answers;
    private final Fetchers fetchers;

    DashboardFetchers(ManageDashboardsUseCase dashboards, AnswerDashboardsUseCase answers, Fetchers fetchers) {
        this.dashboards = dashboards;
        this.answers = answers;
        this.fetchers = fetchers;
    }

    private static String project(DataFetchingEnvironment env) {
        return Fetchers.caller(env).projectId();
    }

    DataFetcher<Object> dashboards() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> dashboards.dashboards(project(env)).stream()
                .map(DashboardRequests::wire).toList());
    }

    DataFetcher<Object> dashboard() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> dashboards.dashboard(project(env), env.getArgument("name"))
                .map(DashboardRequests::wire).orElse(null));
    }

    DataFetcher<Object> save() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> {
            Map<String, Object> input = env.getArgument("dashboard");
            List<Violation> shapeProblems = new ArrayList<>();
            Map<String, Object> body = body(input, shapeProblems);
            if (!shapeProblems.isEmpty()) {
                return Errors.invalid(env, "dashboard", shapeProblems);
            }
            return switch (DashboardRequests.parse(body, fetchers.context(Fetchers.caller(env)))) {
                case Validated.Invalid<Dashboard> invalid -> Errors.invalid(env, "dashboard", named(invalid.violations(), body));
                case Validated.Valid<Dashboard> valid -> {
                    dashboards.save(project(env), valid.value());
                    yield DashboardRequests.wire(valid.value());
                }
            };
        });
    }

    DataFetcher<Object> delete() {
        return fetchers.guarded(KeyKind.Scope.ADMIN, env -> dashboards.delete(project(env), env.getArgument("name")));
    }

    /** {@code Dashboard.answers}: one rate-limit token for the whole dashboard, as on REST. */
    DataFetcher<Object> answers() {
        return fetchers.guarded(KeyKind.Scope.QUERY, env -> {
            Optional<Object> refused = fetchers.refused(env);
            if (refused.isPresent()) {
                return refused.get();
            }
            Map<String, Object> source = env.getSource();
            boolean force = Boolean.TRUE.equals(env.getArgument("refresh"));
            return answers.answer(project(env), source.get("name").toString(), force, GRAPHQL)
                    .map(answer -> answer.widgets().stream().map(DashboardFetchers::answer).toList())
                    .orElse(List.of());
        });
    }

    /** The saved query as JSON text. */
    static DataFetcher<Object> query() {
        return env -> Json.text(((Map<?, ?>) env.getSource()).get("query"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> answer(AnswerDashboardsUseCase.WidgetAnswer widget) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", widget.widget().id());
        answer.put("cache", widget.cache());
        widget.body().ifPresent(bytes -> {
            Map<String, Object> chart = Json.readObject(bytes);
            ((Map<String, Object>) chart.get("meta")).put("cached", widget.fromCache());
            answer.put(widget.widget().kind().label(), chart);
        });
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Violation v : widget.problems()) {
            problems.add(Map.of("field", v.field(), "reason", v.kind().label(), "message", v.message()));
        }
        answer.put("problems", problems);
        return answer;
    }

    /** The input as the REST body: each widget's one query field becomes its kind and query. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> input, List<Violation> problems) {
        Map<String, Object> body = new LinkedHashMap<>(input);
        List<Object> widgets = new ArrayList<>();
        List<Object> given = (List<Object>) input.getOrDefault("widgets", List.of());
        for (int i = 0; i < given.size(); i++) {
            Map<String, Object> w = new LinkedHashMap<>((Map<String, Object>) given.get(i));
            List<WidgetKind> kinds = new ArrayList<>();
            for (WidgetKind kind : WidgetKind.values()) {
                Object query = w.remove(kind.label());
                if (query != null) {
                    kinds.add(kind);
                    w.put("kind", kind.label());
                    w.put("query", Inputs.body((Map<String, Object>) query));
                }
            }
            if (kinds.size() != 1) {
                problems.add(new Violation("widgets[" + i + "]", ViolationKind.MALFORMED, ONE_KIND));
            }
            w.values().removeIf(v -> v == null);
            widgets.add(w);
        }
        body.put("widgets", widgets);
        body.values().removeIf(v -> v == null);
        return body;
    }

    private static String oneKind() {
        List<String> labels = Arrays.stream(WidgetKind.values()).map(WidgetKind::label).toList();
        return "set exactly one of " + String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.getLast();
    }

    /** {@code widgets[2].query.x} is spelled {@code widgets[2].report.x} in GraphQL. */
    @SuppressWarnings("unchecked")
    private static List<Violation> named(List<Violation> violations, Map<String, Object> body) {
        List<Object> widgets = (List<Object>) body.get("widgets");
        List<Violation> named = new ArrayList<>();
        for (Violation v : violations) {
            Matcher m = Pattern.compile("^widgets\\[(\\d+)]\\.query").matcher(v.field());
            String field = v.field();
            if (m.find()) {
                int i = Integer.parseInt(m.group(1));
                Object kind = ((Map<String, Object>) widgets.get(i)).get("kind");
                field = "widgets[" + i + "]." + kind + field.substring(m.end());
            }
            named.add(new Violation(field, v.kind(), v.message()));
        }
        return named;
    }
}
