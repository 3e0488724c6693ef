package io.tally.application.port.in;

import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.query.TimeseriesQuery;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.time.TimeRange;

import java.util.Locale;

/**
 * One validated analytics question, whatever its kind: what the front door ({@link AnswerAnalyticsUseCase}) caches and
 * runs. An insight type to come is one more variant (and one more {@link Kind}); the exhaustive switches over this
 * type show every place that must learn it.
 */
public sealed interface AnalyticsQuery {

    /** The kinds of question, as routes and saved widgets name them. */
    enum Kind {
        REPORT, TIMESERIES, FUNNEL, RETENTION, PATHS;

        /** The name in telemetry and documents: {@code report}, {@code timeseries}, … */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Kind kind();

    String projectId();

    /** The range it covers, which decides how long its answer may be cached. */
    TimeRange range();

    /**
     * The question as cache-key text: the kind and the validated query, written the same for every spelling of one
     * question (defaults filled in, lists normalized by the request rules), and differently for any two questions.
     */
    default String cacheKey() {
        return kind().label() + "\n" + switch (this) {
            case Report report -> report.query().cacheKey();
            case Series series -> series.query().cacheKey();
            case Funnel funnel -> funnel.query().cacheKey();
            case Retention retention -> retention.query().cacheKey();
            case Paths paths -> paths.query().cacheKey();
        };
    }

    record Report(ReportQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.REPORT;
        }

        @Override
        public String projectId() {
            return query.projectId();
        }

        @Override
        public TimeRange range() {
            return query.range();
        }
    }

    record Series(TimeseriesQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.TIMESERIES;
        }

        @Override
        public String projectId() {
            return query.projectId();
        }

        @Override
        public TimeRange range() {
            return query.range();
        }
    }

    record Funnel(FunnelQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.FUNNEL;
        }

        @Override
        public String projectId() {
            return query.projectId();
        }

        @Override
        public TimeRange range() {
            return query.range();
        }
    }

    record Retention(RetentionQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.RETENTION;
        }

        @Override
        public String projectId() {
            return query.projectId();
        }

        @Override
        public TimeRange range() {
            return query.range();
        }
    }

    record Paths(PathsQuery query) implements AnalyticsQuery {
        @Override
        public Kind kind() {
            return Kind.PATHS;
        }

        @Override
        public String projectId() {
            return query.projectId();
        }

        @Override
        public TimeRange range() {
            return query.range();
        }
    }
}
