package io.tally.domain.time;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Every bucket start that a range covers, so empty buckets can be answered as zeros. */
public final class TimeBuckets {
    private TimeBuckets() {
    }

    /** The starts of all buckets overlapping {@code range}, the first one possibly starting before it. */
    public static List<Instant> covering(TimeRange range, Granularity granularity, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = granularity.bucketStart(range.from(), zone); start.isBefore(range.to());
             start = granularity.next(start, zone)) {
            starts.add(start);
        }
        return starts;
    }

    /** How many buckets {@link #covering} would return, without building them past {@code limit + 1}. */
    public static int count(TimeRange range, Granularity granularity, ZoneId zone, int limit) {
        int n = 0;
        for (Instant start = granularity.bucketStart(range.from(), zone); start.isBefore(range.to()) && n <= limit;
             start = granularity.next(start, zone)) {
            n++;
        }
        return n;
    }
}
