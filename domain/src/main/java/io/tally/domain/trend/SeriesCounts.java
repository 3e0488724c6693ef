package io.tally.domain.trend;

import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.Report;

import java.util.Map;

/**
 * What the engine counted for one series: {@code periods} grouped by (time bucket) or (time bucket, breakdown value),
 * with the total over the range; and, with a breakdown, {@code values} grouped by the breakdown value alone over the
 * whole range (a visitor counted once per value, not once per bucket). Without a breakdown, {@code values} is empty.
 */
public record SeriesCounts(Report.Counts periods, Map<Group, Aggregates> values) {
    public SeriesCounts {
        values = Map.copyOf(values);
    }
}
