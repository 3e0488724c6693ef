package io.tally.domain.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The answer to a lifecycle: one row per interval of the range, oldest first, zeros where nobody was in a stage. */
public record Lifecycle(LifecycleQuery query, List<Row> rows) {

    public record Row(Instant start, LifecycleCounts.Stages stages) {
    }

    public Lifecycle {
        rows = List.copyOf(rows);
    }

    public static Lifecycle assemble(LifecycleQuery query, LifecycleCounts counts) {
        List<Row> rows = new ArrayList<>();
        for (Instant start : query.intervals()) {
            rows.add(new Row(start, counts.byInterval().getOrDefault(start, LifecycleCounts.Stages.NONE)));
        }
        return new Lifecycle(query, rows);
    }
}
