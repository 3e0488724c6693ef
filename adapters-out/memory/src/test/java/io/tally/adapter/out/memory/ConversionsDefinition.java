package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.time.TimeRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Goal conversions worked out with plain loops over the events: each goal given as a name and a predicate on one event
 * (its type and path written as Java string tests, not as the goal's pattern), the range's filters as {@code is} filters
 * on properties. Rows as the answer orders them: most visitors first, ties by name.
 */
public final class ConversionsDefinition {

    private ConversionsDefinition() {
    }

    /** A goal as plain Java: its name and which events are its conversions. */
    public record GoalTest(String name, Predicate<Event> converts) {
    }

    /** One row: the goal's visitors, events, revenue and rate in percent of {@code all} visitors (null when none). */
    public record Row(String goal, long visitors, long events, BigDecimal revenue, Double conversionRate) {
    }

    public static List<Row> rows(List<Event> events, ConversionsQuery query, List<GoalTest> goals) {
        List<Event> selected = events.stream().filter(e -> e.projectId().equals(query.projectId())
                && query.range().contains(e.timestamp()) && PlainLoops.passes(e, query.filters())).toList();
        long all = selected.stream().map(Event::userId).distinct().count();
        List<Row> rows = new ArrayList<>();
        for (GoalTest goal : goals) {
            List<Event> conversions = selected.stream().filter(goal.converts()).toList();
            Set<String> visitors = new HashSet<>(conversions.stream().map(Event::userId).toList());
            BigDecimal revenue = PlainLoops.revenue(conversions);
            rows.add(new Row(goal.name(), visitors.size(), conversions.size(), revenue,
                    all == 0 ? null : visitors.size() * 100.0 / all));
        }
        rows.sort(Comparator.comparingLong(Row::visitors).reversed().thenComparing(Row::goal));
        return rows;
    }

    /**
     * A report by goal and country worked out with plain loops: per (goal, country) its events, distinct users and
     * revenue; under the empty key the same over the events of any goal, each once.
     */
    public static Map<List<String>, List<Object>> byGoalAndCountry(List<Event> events, String projectId, TimeRange range,
                                                                   List<GoalTest> goals) {
        List<Event> selected = events.stream().filter(e -> e.projectId().equals(projectId) && range.contains(e.timestamp())).toList();
        Map<List<String>, List<Event>> rows = new HashMap<>();
        Set<Event> ofAnyGoal = new LinkedHashSet<>();
        for (GoalTest goal : goals) {
            for (Event event : selected) {
                if (goal.converts().test(event)) {
                    PropertyValue country = event.properties().get("country");
                    rows.computeIfAbsent(Arrays.asList(goal.name(), country == null ? null : country.text()), k -> new ArrayList<>()).add(event);
                    ofAnyGoal.add(event);
                }
            }
        }
        rows.put(List.of(), new ArrayList<>(ofAnyGoal));
        Map<List<String>, List<Object>> facts = new HashMap<>();
        rows.forEach((key, rowEvents) -> facts.put(key, List.of((long) rowEvents.size(),
                (long) rowEvents.stream().map(Event::userId).distinct().count(), PlainLoops.revenue(rowEvents))));
        return facts;
    }

    /** The path of a page view, or null. */
    public static String path(Event event) {
        PropertyValue path = event.properties().get("path");
        return event.eventType().equals("page_view") && path != null ? path.text() : null;
    }
}
