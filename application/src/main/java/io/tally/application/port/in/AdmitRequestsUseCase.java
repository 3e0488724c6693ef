package io.tally.application.port.in;

/**
 * Rate limits: whether a request may proceed, with what is left. Each caller (an API key, or the project when keys
 * are not required) has its own buckets, sized by its project's limits.
 */
public interface AdmitRequestsUseCase {

    /** An ingest request of {@code events} events takes that many tokens of the caller's events-per-second bucket. */
    Admission admitIngest(String projectId, String caller, int events);

    /** A query takes one token of the caller's queries-per-minute bucket. */
    Admission admitQuery(String projectId, String caller);
}
