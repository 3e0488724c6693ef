package io.tally.domain.alert;

import io.tally.domain.delivery.Delivery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.time.TimeZones;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A saved alert: a metric or KPI over a trailing window ({@code signal}: a report body with one metric, its filters
 * and at most one breakdown dimension, kept in wire form), the condition it must meet, how often it is evaluated,
 * the hysteresis counts, and where notifications go (besides live WebSocket subscribers, who always get them).
 */
public record AlertRule(String name, String description, Map<String, Object> signal, Optional<String> breakdown,
                        Condition condition, Duration window, Duration every, int fireAfter, int resolveAfter,
                        List<Delivery> deliveries) {
    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    public static final Duration MAX_EVERY = Duration.ofDays(1);
    public static final int MAX_COUNT = 100;

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        signal = Map.copyOf(signal);
        Objects.requireNonNull(breakdown, "breakdown");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(every, "every");
        deliveries = List.copyOf(deliveries);
        if (fireAfter < 1 || resolveAfter < 1 || fireAfter > MAX_COUNT || resolveAfter > MAX_COUNT) {
            throw new IllegalArgumentException("fire_after and resolve_after are 1 to " + MAX_COUNT);
        }
    }

    /** The metric's label as written. */
    public String metric() {
        return String.valueOf(signal.get("metric"));
    }

    /** The zone the rule's days and weeks are counted in (its {@code timezone}, UTC when it has none). */
    public ZoneId zone() {
        Object timezone = signal.get("timezone");
        return timezone == null ? ZoneOffset.UTC : TimeZones.parse(timezone.toString()).orElse(ZoneOffset.UTC);
    }

    /**
     * The same window {@code weeks} weeks earlier on the wall clock of the rule's zone, so that "the same hour of
     * previous weeks" stays the same local hour across a daylight-saving change.
     */
    public TimeRange weeksBefore(TimeRange window, int weeks) {
        return new TimeRange(window.from().atZone(zone()).minusWeeks(weeks).toInstant(),
                window.to().atZone(zone()).minusWeeks(weeks).toInstant());
    }
}
