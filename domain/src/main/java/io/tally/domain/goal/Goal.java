package io.tally.domain.goal;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A saved goal, as Plausible's: a custom event (any event of a type) or a page visit (a {@code page_view} whose path
 * matches a {@link PagePattern}), optionally narrowed by property filters. A visitor converts when one of their events
 * in the range is the goal's.
 */
public record Goal(String name, String description, Target target, List<Filter.Match> filters) implements CacheKey.Keyed {

    /** The event type whose path a page goal reads. */
    public static final String PAGE_VIEW = "page_view";

    public Goal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        description = description == null ? "" : description;
        filters = List.copyOf(filters);
        if (!Kpi.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a goal name: " + name);
        }
    }

    /** What a goal's events are. */
    public sealed interface Target {
    }

    /** Events of one type. */
    public record CustomEvent(String eventType) implements Target {
        public CustomEvent {
            Objects.requireNonNull(eventType, "eventType");
        }
    }

    /** Page views of the pages the pattern matches. */
    public record PageVisit(PagePattern pages) implements Target {
        public PageVisit {
            Objects.requireNonNull(pages, "pages");
        }
    }

    /** Goals as a report's dimension: a row per goal, in their order. */
    public static Dimension.Goal dimension(List<Goal> goals) {
        return new Dimension.Goal(goals.stream().map(Goal::name).toList(), goals.stream().map(Goal::criteria).toList());
    }

    /** The goal's events as a funnel step or a trend series reads them: a type and filters. */
    public EventCriteria criteria() {
        List<Filter> all = new ArrayList<>();
        String type = switch (target) {
            case CustomEvent event -> event.eventType();
            case PageVisit page -> {
                all.add(new Filter.Match(FilterOp.MATCHES, new Dimension.Property("path"), List.of(page.pages().regex())));
                yield PAGE_VIEW;
            }
        };
        all.addAll(filters);
        return new EventCriteria(Optional.of(type), all);
    }

    /** What the goal counts, not its description: a goal redefined under its name is another question. */
    @Override
    public String cacheKey() {
        return CacheKey.of("goal", name, criteria());
    }
}
