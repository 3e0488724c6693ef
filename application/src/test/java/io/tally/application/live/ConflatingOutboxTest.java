package io.tally.application.live;

import io.tally.application.port.in.Outbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConflatingOutboxTest {

    @Test
    void aNewerStateReplacesAnUnsentOneAndRepliesAreBounded() throws InterruptedException {
        Outbox outbox = new ConflatingOutbox(2);
        for (int i = 0; i < 1_000; i++) {
            outbox.latest("a", "a" + i);
            outbox.latest("b", "b" + i);
        }
        assertThat(outbox.size()).isEqualTo(2);
        assertThat(outbox.conflated()).isEqualTo(1_998);
        assertThat(outbox.reply("r1")).isTrue();
        assertThat(outbox.reply("r2")).isTrue();
        assertThat(outbox.reply("r3")).isFalse();
        assertThat(outbox.take(Duration.ZERO)).isEqualTo("a999");
        assertThat(outbox.take(Duration.ZERO)).isEqualTo("b999");
        assertThat(outbox.take(Duration.ZERO)).isEqualTo("r1");
        assertThat(outbox.reply("r3")).isTrue();
        assertThat(outbox.take(Duration.ZERO)).isEqualTo("r2");
        assertThat(outbox.take(Duration.ZERO)).isEqualTo("r3");
        assertThat(outbox.take(Duration.ofMillis(10))).isNull();
        outbox.close();
        outbox.latest("a", "late");
        assertThat(outbox.size()).isZero();
    }
}
