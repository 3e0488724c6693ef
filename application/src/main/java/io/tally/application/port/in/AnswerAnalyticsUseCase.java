package io.tally.application.port.in;

import io.tally.domain.validation.Violation;

import java.util.List;
import java.util.Optional;

/**
 * The one front door of analytics questions (reports, time series, funnels, retention, paths): takes a token of the
 * caller's query limit, reads the question with the domain's request rules, and answers it through the cache in the
 * form asked for. Every inbound adapter (REST, GraphQL, dashboards) asks here and only translates its protocol.
 */
public interface AnswerAnalyticsUseCase {

    Outcome answer(AnalyticsRequest request);

    /** How a question ended; each carries the caller's limit as admitted, for the RateLimit headers. */
    sealed interface Outcome {

        /** The decision of the caller's query limit; empty when the request was not limited here. */
        Optional<Admission> limit();

        /**
         * The answer's bytes in the form asked for. A computed answer says {@code meta.cached: false}; one served from
         * the cache ({@link CacheStatus#fromCache()}) holds the bytes as computed, for the adapter to mark.
         */
        record Answered(byte[] body, CacheStatus cache, Optional<Admission> limit) implements Outcome {
        }

        /** The request rules refused the question; every problem, each naming its field. */
        record Invalid(List<Violation> violations, Optional<Admission> limit) implements Outcome {
            public Invalid {
                violations = List.copyOf(violations);
            }
        }

        /** The caller's query limit is reached: nothing was read or run. */
        record RateLimited(Admission decision) implements Outcome {
            @Override
            public Optional<Admission> limit() {
                return Optional.of(decision);
            }
        }
    }
}
