package io.tally.domain.goal;

import io.tally.domain.query.Aggregates;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link ConversionsQuery}: the range's {@code visitors} and one row per goal, most converting visitors
 * first (ties by name), every asked goal listed, those nobody reached with zeros.
 */
public record Conversions(ConversionsQuery query, long visitors, List<Row> rows) {

    public Conversions {
        Objects.requireNonNull(query, "query");
        rows = List.copyOf(rows);
    }

    /**
     * One goal: {@code visitors} who reached it (unique conversions), its {@code events} (total conversions), their
     * {@code revenue}, and {@code conversionRate}, the visitors in percent of the range's; null when the range has none.
     */
    public record Row(Goal goal, long visitors, long events, BigDecimal revenue, Double conversionRate) {
    }

    /** {@code all} counts every visitor of the range; {@code perGoal} each goal's events, in the query's order. */
    public static Conversions assemble(ConversionsQuery query, Aggregates all, List<Aggregates> perGoal) {
        if (perGoal.size() != query.goals().size()) {
            throw new IllegalArgumentException("one count per goal");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < perGoal.size(); i++) {
            Aggregates goal = perGoal.get(i);
            rows.add(new Row(query.goals().get(i), goal.visitors(), goal.events(), goal.revenue().stripTrailingZeros(),
                    all.visitors() == 0 ? null : goal.visitors() * 100.0 / all.visitors()));
        }
        rows.sort(Comparator.comparingLong(Row::visitors).reversed().thenComparing(row -> row.goal().name()));
        return new Conversions(query, all.visitors(), rows);
    }
}
