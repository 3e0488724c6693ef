package io.tally.application.port.in;

/**
 * Whether a rate-limited request may proceed, with what is left of its caller's bucket (what the RateLimit headers
 * and a refusal tell the client).
 *
 * @param remaining         tokens left after this request
 * @param resetSeconds      seconds until the bucket is full again
 * @param retryAfterSeconds when refused, seconds until enough tokens are there (0 when allowed, and when they never
 *                          will be)
 * @param overCapacity      refused because more tokens were asked than the bucket holds when full: retrying the same
 *                          request never helps
 */
public record Admission(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
                        boolean overCapacity) {
}
