package io.tally.domain.funnel;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A time-to-convert histogram as every engine counts it, in whole milliseconds so that engines agree exactly.
 * The times are those of each user's counted attempt from the span's first step to its last, for the users who
 * reached the last. The bins are equal, from the shortest time on: {@code width = ceil((longest - shortest + 1) /
 * bins)}, bin {@code i} holding the times {@code t} with {@code shortest + i * width <= t < shortest + (i + 1) *
 * width}; every bin is listed, empty ones too. Without users there are no bins and no shortest time.
 *
 * @param totalMillis the sum of the times, for their mean
 */
public record ConversionTimes(TimeToConvert span, long users, long totalMillis, long shortestMillis, long widthMillis,
                              List<Long> usersPerBin) {

    public ConversionTimes {
        Objects.requireNonNull(span, "span");
        usersPerBin = List.copyOf(usersPerBin);
        if (users > 0 && usersPerBin.size() != span.bins()) {
            throw new IllegalArgumentException("a histogram lists all of its " + span.bins() + " bins");
        }
        if (usersPerBin.stream().mapToLong(Long::longValue).sum() != users) {
            throw new IllegalArgumentException("the bins hold " + usersPerBin + " users, not " + users);
        }
    }

    public static ConversionTimes none(TimeToConvert span) {
        return new ConversionTimes(span, 0, 0, 0, 0, List.of());
    }

    /** The histogram of {@code millis} (each user's time) in the span's bins. */
    public static ConversionTimes of(TimeToConvert span, List<Long> millis) {
        if (millis.isEmpty()) {
            return none(span);
        }
        long shortest = millis.stream().mapToLong(Long::longValue).min().orElseThrow();
        long longest = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
        long width = binWidth(shortest, longest, span.bins());
        long[] bins = new long[span.bins()];
        long total = 0;
        for (long t : millis) {
            bins[(int) ((t - shortest) / width)]++;
            total += t;
        }
        return new ConversionTimes(span, millis.size(), total, shortest, width, Arrays.stream(bins).boxed().toList());
    }

    /** The smallest whole width for which {@code bins} bins from {@code shortest} hold {@code longest}. */
    private static long binWidth(long shortest, long longest, int bins) {
        return (longest - shortest + bins) / bins;
    }

    /** The mean time in milliseconds; null without users. */
    public Double meanMillis() {
        return users == 0 ? null : (double) totalMillis / users;
    }
}
