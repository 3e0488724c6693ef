package io.tally.domain.funnel;

import io.tally.domain.query.CacheKey;

/**
 * What a funnel's time-to-convert histogram spans: the counted attempt's time from step {@code fromStep} to step
 * {@code toStep} (numbered from 1), over the users who reached {@code toStep}, cut into {@code bins} equal bins.
 */
public record TimeToConvert(int fromStep, int toStep, int bins) implements CacheKey.Keyed {

    public static final int DEFAULT_BINS = 10;
    public static final int MAX_BINS = 90;

    public TimeToConvert {
        if (fromStep < 1 || toStep <= fromStep) {
            throw new IllegalArgumentException("the histogram runs from a step to a later one");
        }
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("a histogram has 1 to " + MAX_BINS + " bins");
        }
    }

    @Override
    public String cacheKey() {
        return CacheKey.of("time_to_convert", fromStep, toStep, bins);
    }
}
