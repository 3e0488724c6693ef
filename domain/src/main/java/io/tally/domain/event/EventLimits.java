package io.tally.domain.event;

import io.tally.domain.time.Retention;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds an event must stay within.
 *
 * @param retention       events older than it at their arrival are refused (see {@link Retention#horizon})
 * @param futureTolerance events further in the future than this are refused (clock skew allowance)
 * @param maxEventBytes   the event's size, counted as the UTF-8 bytes of its field names and values
 */
public record EventLimits(
        Retention retention,
        Duration futureTolerance,
        int maxIdLength,
        int maxStringLength,
        int maxUserAgentLength,
        int maxProperties,
        int maxPropertyDepth,
        int maxEventBytes) {

    /** 761 days of retention, one day of clock skew, 32 KiB per event. */
    public static final EventLimits DEFAULT = new EventLimits(
            Retention.DEFAULT, Duration.ofDays(1), 128, 1024, 1024, 100, 4, 32 * 1024);

    public EventLimits {
        Objects.requireNonNull(retention, "retention");
    }

    /** The same limits with another retention. */
    public EventLimits withRetention(Retention newRetention) {
        return new EventLimits(newRetention, futureTolerance, maxIdLength, maxStringLength, maxUserAgentLength,
                maxProperties, maxPropertyDepth, maxEventBytes);
    }
}
