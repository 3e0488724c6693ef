package io.tally.application.port.in;

import io.tally.domain.query.TimeseriesRequest;
import io.tally.domain.validation.Violation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An analytics question as an inbound adapter received it, translated from its protocol and not yet read by the
 * domain's request rules.
 *
 * @param projectId the project asked about
 * @param caller    whose query limit the question takes a token of; empty when it was admitted as part of a whole
 *                  (a dashboard's widgets)
 * @param kind      which rules read it
 * @param asked     what was asked
 * @param force     compute anew and replace the cached answer ({@code refresh=force})
 * @param form      how the answer is written (and cached)
 */
public record AnalyticsRequest(String projectId, Optional<String> caller, AnalyticsQuery.Kind kind, Asked asked,
                               boolean force, AnswerForm form) {

    public AnalyticsRequest {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(form, "form");
    }

    /** What was asked, in the shape the protocol carried it. */
    public sealed interface Asked {

        /** A JSON body (or a saved widget's query) as plain values: maps, lists, strings, numbers, booleans, null. */
        record Body(Object value) implements Asked {
        }

        /** The time-series parameters of {@code GET /v1/timeseries} (and GraphQL's {@code timeseries} arguments). */
        record Parameters(TimeseriesRequest parameters) implements Asked {
            public Parameters {
                Objects.requireNonNull(parameters, "parameters");
            }
        }

        /** What the adapter could not read into either (an unknown parameter, …), refused with the rules' findings. */
        record Unreadable(List<Violation> violations) implements Asked {
            public Unreadable {
                violations = List.copyOf(violations);
            }
        }
    }
}
