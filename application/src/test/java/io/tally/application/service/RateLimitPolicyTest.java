package io.tally.application.service;

import io.tally.application.fake.MemoryRateLimiter;
import io.tally.application.fake.MemoryRateLimiter.Take;
import io.tally.application.fake.MovableClock;
import io.tally.application.fake.RecordedQueryTelemetry;
import io.tally.application.port.in.Admission;
import io.tally.application.port.out.RateLimiter.Limit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit policy over token buckets refilled by a clock moved by hand. Projects have 100 events a second and
 * 60 queries a minute unless they have their own: "big" 1,000 and 600, "slow" 100 and 6 (a token every 10 s).
 */
class RateLimitPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryRateLimiter limiter = new MemoryRateLimiter(clock);
    private final RecordedQueryTelemetry telemetry = new RecordedQueryTelemetry();
    private final RateLimitPolicy policy = new RateLimitPolicy(limiter, new RateLimitPolicy.Limits(100, 60),
            Map.of("big", new RateLimitPolicy.Limits(1_000, 600), "slow", new RateLimitPolicy.Limits(100, 6)), telemetry);

    @Test
    void each_project_is_held_to_its_own_limits_and_each_caller_to_its_own_buckets() {
        assertThat(policy.admitIngest("shop", "key-a", 100).allowed()).isTrue();
        assertThat(policy.admitIngest("shop", "key-a", 1).allowed()).as("the shop's 100 a second are used").isFalse();
        assertThat(policy.admitIngest("shop", "key-b", 100).allowed()).as("another key has a bucket of its own").isTrue();
        Admission big = policy.admitIngest("big", "key-c", 1_000);
        assertThat(big.allowed()).isTrue();
        assertThat(big.limit()).isEqualTo(1_000);
        Admission query = policy.admitQuery("big", "key-c");
        assertThat(query.limit()).isEqualTo(600);
        assertThat(query.remaining()).as("queries have a bucket apart from events").isEqualTo(599);

        assertThat(limiter.taken()).containsExactly(
                new Take("ingest:key-a", 100, new Limit(100, Duration.ofSeconds(1))),
                new Take("ingest:key-a", 1, new Limit(100, Duration.ofSeconds(1))),
                new Take("ingest:key-b", 100, new Limit(100, Duration.ofSeconds(1))),
                new Take("ingest:key-c", 1_000, new Limit(1_000, Duration.ofSeconds(1))),
                new Take("query:key-c", 1, new Limit(600, Duration.ofMinutes(1))));
        assertThat(telemetry.reported()).containsExactly("rate-limited:ingest");
    }

    @Test
    void a_refused_batch_is_told_when_enough_events_will_be_admitted() {
        // 100 a second is one event every 10 ms
        Admission first = policy.admitIngest("shop", "key", 80);
        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(20);
        assertThat(first.resetSeconds()).as("80 to refill: 0.8 s, in whole seconds").isEqualTo(1);

        Admission refused = policy.admitIngest("shop", "key", 50);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.overCapacity()).isFalse();
        assertThat(refused.remaining()).as("a refusal takes nothing").isEqualTo(20);
        assertThat(refused.retryAfterSeconds()).as("30 missing: 0.3 s, in whole seconds").isEqualTo(1);

        clock.advance(Duration.ofMillis(300)); // 20 + 30
        Admission later = policy.admitIngest("shop", "key", 50);
        assertThat(later.allowed()).isTrue();
        assertThat(later.remaining()).isZero();
        assertThat(telemetry.reported()).containsExactly("rate-limited:ingest");
    }

    @Test
    void a_query_over_its_limit_waits_for_the_next_token() {
        for (int i = 1; i <= 6; i++) {
            assertThat(policy.admitQuery("slow", "key").remaining()).isEqualTo(6 - i);
        }
        Admission seventh = policy.admitQuery("slow", "key");
        assertThat(seventh.allowed()).isFalse();
        assertThat(seventh.retryAfterSeconds()).as("a token every 10 s").isEqualTo(10);

        clock.advance(Duration.ofSeconds(9)); // 0.9 of a token
        assertThat(policy.admitQuery("slow", "key").retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.admitQuery("slow", "key").allowed()).isTrue();
        assertThat(telemetry.reported()).containsExactly("rate-limited:query", "rate-limited:query");
    }

    @Test
    void a_batch_larger_than_the_capacity_is_refused_as_never_fitting_and_takes_nothing() {
        Admission tooLarge = policy.admitIngest("shop", "key", 150);
        assertThat(tooLarge.allowed()).isFalse();
        assertThat(tooLarge.overCapacity()).isTrue();
        assertThat(tooLarge.retryAfterSeconds()).as("waiting never helps").isZero();
        assertThat(tooLarge.remaining()).isEqualTo(100);

        assertThat(policy.admitIngest("shop", "key", 100).allowed()).as("the whole bucket is still there").isTrue();
        assertThat(policy.admitIngest("big", "key-big", 150).allowed()).as("it fits a larger project's bucket").isTrue();
        assertThat(telemetry.reported()).containsExactly("rate-limited:ingest");
    }

    @Test
    void an_empty_batch_still_takes_one_token() {
        assertThat(policy.admitIngest("shop", "key", 0).remaining()).isEqualTo(99);
        assertThat(limiter.taken()).extracting(Take::tokens).containsExactly(1L);
    }

    @Test
    void a_limiter_that_cannot_be_asked_lets_requests_through_and_says_so() {
        limiter.goDown();
        Admission decision = policy.admitQuery("shop", "key");
        assertThat(decision.allowed()).isTrue();
        assertThat(telemetry.reported()).containsExactly("rate-limiter-unavailable");
    }
}
