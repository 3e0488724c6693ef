package io.tally.domain.query;

/**
 * What an engine counts for one time bucket. Engines return sums, not averages, so that every engine
 * derives the average the same way, in {@link #averageSessionSeconds()}.
 *
 * @param sessions              sessions whose first event falls in the bucket
 * @param sessionDurationMillis the sum of those sessions' durations (last event minus first)
 */
public record BucketTotals(long pageViews, long conversions, long sessions, long sessionDurationMillis) {
    public static final BucketTotals EMPTY = new BucketTotals(0, 0, 0, 0);

    /** Mean session duration in seconds, 0 when the bucket holds no session start. */
    public double averageSessionSeconds() {
        return sessions == 0 ? 0.0 : sessionDurationMillis / (double) sessions / 1000.0;
    }
}
