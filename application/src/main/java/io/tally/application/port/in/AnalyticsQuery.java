package io.tally.application.port.in;

import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.ProjectQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.TrendQuery;

import java.util.Locale;

/**
 * One validated analytics question, whatever its kind: what the front door ({@link AnswerAnalyticsUseCase}) caches and
 * runs. An insight type to come is one more variant (and one more {@link Kind}); the exhaustive switches over this
 * type show every place that must learn it.
 */
public sealed interface AnalyticsQuery {

    /** The kinds of question, as routes and saved widgets name them. */
    enum Kind {
        REPORT, TIMESERIES, FUNNEL, RETENTION, PATHS, STICKINESS, LIFECYCLE, TREND, CONVERSIONS;

        /** The name in telemetry and documents: {@code report}, {@code timeseries}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Kind kind();

    /** The validated domain query this question wraps. */
    ProjectQuery query();

    default String projectId() {
        return query().projectId();
    }

    /** The range it covers, which decides how long its answer may be cached. */
    default TimeRange range() {
        return query().range();
    }

    /**
     * Whether the answer runs along time (a report by time, a time series, a funnel's trend, a lifecycle, a trend): the
     * project's annotations within its range go with it.
     */
    default boolean alongTime() {
        return switch (this) {
            case Report report -> report.query().timeIndex() >= 0;
            case Funnel funnel -> funnel.query().trend().isPresent();
            case Series series -> true;
            case Lifecycle lifecycle -> true;
            case Trend trend -> true;
            case Retention retention -> false;
            case Paths paths -> false;
            case Stickiness stickiness -> false;
            case Conversions conversions -> false;
        };
    }

    /**
     * The question as cache-key text: the kind and the validated query, written the same for every spelling of one
     * question (defaults filled in, lists normalized by the request rules), and differently for any two questions.
     */
    default String cacheKey() {
        return kind().label() + "\n" + query().cacheKey();
    }

    record Report(ReportQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.REPORT;
        }
    }

    record Series(TimeseriesQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.TIMESERIES;
        }
    }

    record Funnel(FunnelQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.FUNNEL;
        }
    }

    record Retention(RetentionQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.RETENTION;
        }
    }

    record Paths(PathsQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.PATHS;
        }
    }

    record Stickiness(StickinessQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.STICKINESS;
        }
    }

    record Trend(TrendQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.TREND;
        }
    }

    record Conversions(ConversionsQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.CONVERSIONS;
        }
    }

    record Lifecycle(LifecycleQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.LIFECYCLE;
        }

        /** The whole intervals it counts, to their last one's end: an answer is fresh only as long as they are. */
        @Override
        public TimeRange range() {
            return new TimeRange(query.range().from(), query.end());
        }
    }
}
