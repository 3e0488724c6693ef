package io.tally.application.port.in;

import io.tally.application.port.out.RateLimiter;

/** Rate limits: whether a request may proceed, per project (per key once keys exist), with what is left. */
public interface AdmitRequestsUseCase {

    /** An ingest request of {@code events} events takes that many tokens of the project's events-per-second bucket. */
    RateLimiter.Decision admitIngest(String projectId, int events);

    /** A query takes one token of the project's queries-per-minute bucket. */
    RateLimiter.Decision admitQuery(String projectId);
}
