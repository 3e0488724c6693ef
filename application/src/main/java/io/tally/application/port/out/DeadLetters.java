package io.tally.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Where consumed records that cannot be stored go, with why, so they never stall their partition and can be replayed. */
public interface DeadLetters {

    /**
     * A record that was refused, as it arrived.
     *
     * @param reason a short label ({@code malformed}, {@code out_of_range}, …), as in rejected-event metrics
     * @param origin where it was read: topic, partition and offset
     */
    record DeadLetter(byte[] key, byte[] value, String reason, String message, Origin origin) {
        public DeadLetter {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(origin, "origin");
        }
    }

    record Origin(String topic, int partition, long offset, Instant timestamp) {
    }

    /** Blocks until every dead letter is durably written. */
    void send(List<DeadLetter> letters);
}
