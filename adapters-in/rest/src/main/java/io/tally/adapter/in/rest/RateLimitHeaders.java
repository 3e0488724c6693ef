package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.Admission;

import java.util.List;
import java.util.Map;

/** The IETF RateLimit headers on every limited answer, the 429 when the limit is reached, the 413 when it never can be. */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    /** Sets the headers; answers 429 and returns false when the request is refused (a query's one token always fits). */
    static boolean admit(Admission decision, ServerResponse response, String what) {
        headers(decision, response);
        if (decision.allowed()) {
            return true;
        }
        response.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, decision.retryAfterSeconds())));
        Problems.send(response, Status.TOO_MANY_REQUESTS_429, "rate-limited", "Too many requests",
                "the " + what + " limit of this project is reached; retry after " + Math.max(1, decision.retryAfterSeconds()) + " s");
        return false;
    }

    /**
     * Admits a batch of {@code events} events against the ingest limit. A batch larger than the limit's whole
     * bucket can never be admitted, so it is refused with 413 saying how large a batch may be (no Retry-After: the
     * same request never succeeds), and the bucket keeps its tokens.
     */
    static boolean admitBatch(Admission decision, ServerResponse response, int events) {
        if (!decision.overCapacity()) {
            return admit(decision, response, "ingest");
        }
        headers(decision, response);
        String message = "the batch holds " + events + " events; this key may send at most " + decision.limit()
                + " events a second, so a batch may hold at most " + decision.limit() + ": split it";
        Problems.send(response, Status.REQUEST_ENTITY_TOO_LARGE_413, "batch-over-limit", "Batch larger than the limit allows",
                message, Map.of("max_events", decision.limit(), "errors", List.of(Map.of(
                        "field", "body", "reason", "too_many", "message", message))));
        return false;
    }

    private static void headers(Admission decision, ServerResponse response) {
        response.header("RateLimit-Limit", Long.toString(decision.limit()));
        response.header("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())));
        response.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
