package io.tally.domain.query;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;
import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** The period a report is compared with. */
public enum Compare implements Labelled {
    /** The same length of time just before the range. */
    PREVIOUS_PERIOD,
    /** The same local dates and times one year earlier. */
    PREVIOUS_YEAR;

    public TimeRange shift(TimeRange range, ZoneId zone) {
        return switch (this) {
            case PREVIOUS_PERIOD -> new TimeRange(range.from().minus(Duration.between(range.from(), range.to())), range.from());
            case PREVIOUS_YEAR -> new TimeRange(range.from().atZone(zone).minusYears(1).toInstant(),
                    range.to().atZone(zone).minusYears(1).toInstant());
        };
    }

    public static Optional<Compare> fromLabel(String label) {
        return Labels.find(Compare.class, label);
    }
}
