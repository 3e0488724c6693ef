package io.tally.domain.trend;

import io.tally.domain.query.CacheKey;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.MetricRef;

import java.util.Objects;

/**
 * One series of a trend: a metric (built in, or a saved KPI) over the events matching {@code event} (a type, or any,
 * with filters). It is named by its position: A, B, C, …
 */
public record TrendSeries(EventCriteria event, MetricRef metric) implements CacheKey.Keyed {
    public TrendSeries {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(metric, "metric");
    }

    /** The letter of the series at {@code position}: A for 0. */
    public static String name(int position) {
        return String.valueOf((char) ('A' + position));
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("series", event, metric);
    }
}
