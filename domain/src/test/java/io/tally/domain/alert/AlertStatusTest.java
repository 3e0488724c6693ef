package io.tally.domain.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.tally.domain.alert.Verdict.BREACHED;
import static io.tally.domain.alert.Verdict.CLEAR;
import static io.tally.domain.alert.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class AlertStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    /** The states entered, one entry per evaluation ("-" when none). */
    private static List<String> run(int fireAfter, int resolveAfter, Verdict... verdicts) {
        AlertStatus status = AlertStatus.start(T0);
        List<String> entered = new ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) {
            AlertStatus.Step step = status.next(verdicts[i], i, T0.plusSeconds(60L * i), fireAfter, resolveAfter);
            entered.add(step.entered().map(AlertState::label).orElse("-"));
            status = step.status();
        }
        return entered;
    }

    @Test
    void fires_once_then_resolves_once() {
        assertThat(run(1, 2, CLEAR, BREACHED, BREACHED, BREACHED, CLEAR, CLEAR, CLEAR))
                .containsExactly("-", "firing", "-", "-", "-", "resolved", "-");
    }

    @Test
    void a_value_flapping_around_the_limit_neither_fires_nor_resolves_on_every_evaluation() {
        assertThat(run(2, 2, BREACHED, CLEAR, BREACHED, CLEAR, BREACHED, CLEAR)).containsOnly("-");
        assertThat(run(1, 2, BREACHED, CLEAR, BREACHED, CLEAR, BREACHED, CLEAR, CLEAR))
                .containsExactly("firing", "-", "-", "-", "-", "-", "resolved");
    }

    @Test
    void an_unknown_verdict_keeps_the_streak_and_the_state() {
        assertThat(run(2, 1, BREACHED, UNKNOWN, BREACHED)).containsExactly("-", "-", "firing");
    }

    @Test
    void a_resolved_alert_can_fire_again() {
        assertThat(run(1, 1, BREACHED, CLEAR, BREACHED)).containsExactly("firing", "resolved", "firing");
    }

    @Test
    void the_status_remembers_when_it_entered_its_state() {
        AlertStatus firing = AlertStatus.start(T0).next(BREACHED, 9, T0.plusSeconds(60), 1, 1).status();
        AlertStatus still = firing.next(BREACHED, 12, T0.plusSeconds(120), 1, 1).status();
        assertThat(still.since()).isEqualTo(T0.plusSeconds(60));
        assertThat(still.value()).isEqualTo(12);
    }
}
