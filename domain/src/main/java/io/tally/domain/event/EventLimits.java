package io.tally.domain.event;

import java.time.Duration;

/**
 * The bounds an event must stay within.
 *
 * @param retention       events older than this (relative to their arrival) are refused
 * @param futureTolerance events further in the future than this are refused (clock skew allowance)
 * @param maxEventBytes   the event's size, counted as the UTF-8 bytes of its field names and values
 */
public record EventLimits(
        Duration retention,
        Duration futureTolerance,
        int maxIdLength,
        int maxStringLength,
        int maxUserAgentLength,
        int maxProperties,
        int maxPropertyDepth,
        int maxEventBytes) {

    /** 25 months of retention, one day of clock skew, 32 KiB per event. */
    public static final EventLimits DEFAULT = new EventLimits(
            Duration.ofDays(761), Duration.ofDays(1), 128, 1024, 1024, 100, 4, 32 * 1024);

    public EventLimits {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** The same limits with another retention. */
    public EventLimits withRetention(Duration newRetention) {
        return new EventLimits(newRetention, futureTolerance, maxIdLength, maxStringLength, maxUserAgentLength,
                maxProperties, maxPropertyDepth, maxEventBytes);
    }
}
