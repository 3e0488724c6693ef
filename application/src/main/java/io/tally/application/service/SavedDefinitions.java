package io.tally.application.service;

import io.tally.application.port.in.ManageDefinitionsUseCase;
import io.tally.application.port.out.DefinitionStore;
import io.tally.domain.request.RequestContext;
import io.tally.domain.validation.Validated;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of saved definition (dashboards, alerts, schedules): kept in the {@link DefinitionStore} in wire form,
 * read back through the same rules as a request, with the project's KPIs and cohorts in reach. A stored one that
 * today's rules refuse is skipped and logged, never served half-read.
 */
final class SavedDefinitions<T> {

    private static final System.Logger LOG = System.getLogger(SavedDefinitions.class.getName());

    /** A definition with its project, as the background runners walk them. */
    record Owned<T>(String projectId, T definition) {
    }

    private final DefinitionStore store;
    private final String kind;
    private final ManageDefinitionsUseCase definitions;
    private final Clock clock;
    private final BiFunction<Object, RequestContext, Validated<T>> rules;
    private final Function<T, String> name;
    private final Function<T, Map<String, Object>> wire;

    SavedDefinitions(DefinitionStore store, String kind, ManageDefinitionsUseCase definitions, Clock clock,
                     BiFunction<Object, RequestContext, Validated<T>> rules, Function<T, String> name,
                     Function<T, Map<String, Object>> wire) {
        this.store = store;
        this.kind = kind;
        this.definitions = definitions;
        this.clock = clock;
        this.rules = rules;
        this.name = name;
        this.wire = wire;
    }

    List<T> list(String projectId) {
        List<T> all = new ArrayList<>();
        store.list(projectId, kind).forEach(body -> read(projectId, body).ifPresent(all::add));
        return all;
    }

    Optional<T> get(String projectId, String definitionName) {
        return store.get(projectId, kind, definitionName).flatMap(body -> read(projectId, body));
    }

    boolean exists(String projectId, String definitionName) {
        return store.get(projectId, kind, definitionName).isPresent();
    }

    /** True when one of that name was replaced. */
    boolean put(String projectId, T definition) {
        return store.put(projectId, kind, name.apply(definition), wire.apply(definition));
    }

    boolean delete(String projectId, String definitionName) {
        return store.delete(projectId, kind, definitionName);
    }

    /** Every readable definition of this kind in every project. */
    List<Owned<T>> everywhere() {
        List<Owned<T>> all = new ArrayList<>();
        for (DefinitionStore.Entry entry : store.entries(kind)) {
            read(entry.projectId(), entry.body()).ifPresent(d -> all.add(new Owned<>(entry.projectId(), d)));
        }
        return all;
    }

    private Optional<T> read(String projectId, Map<String, Object> body) {
        RequestContext context = new RequestContext(projectId, clock.instant(), definitions.definitions(projectId));
        return switch (rules.apply(body, context)) {
            case Validated.Valid<T> valid -> Optional.of(valid.value());
            case Validated.Invalid<T> invalid -> {
                LOG.log(System.Logger.Level.WARNING, "skipping a stored " + kind + " that no longer validates: "
                        + body.get("name") + " " + invalid.violations());
                yield Optional.empty();
            }
        };
    }
}
