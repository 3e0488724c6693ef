package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.out.RateLimiter;

/** The IETF RateLimit headers on every limited answer, and the 429 when the limit is reached. */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    /** Sets the headers; answers 429 and returns false when the request is refused. */
    static boolean admit(RateLimiter.Decision decision, ServerResponse response, String what) {
        response.header("RateLimit-Limit", Long.toString(decision.limit()));
        response.header("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())));
        response.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        if (decision.allowed()) {
            return true;
        }
        response.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, decision.retryAfterSeconds())));
        Problems.send(response, Status.TOO_MANY_REQUESTS_429, "rate-limited", "Too many requests",
                "the " + what + " limit of this project is reached; retry after " + Math.max(1, decision.retryAfterSeconds()) + " s");
        return false;
    }
}
