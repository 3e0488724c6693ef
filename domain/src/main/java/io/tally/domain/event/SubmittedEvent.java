package io.tally.domain.event;

import java.util.Map;
import java.util.Objects;

/** One event as a client sent it, before validation: either fields decoded from the wire, or bytes that did not decode. */
public sealed interface SubmittedEvent {

    /**
     * Decoded fields, as plain Java values: String, Number, Boolean, null, {@code Map<String,Object>} and {@code List}.
     */
    record Fields(Map<String, Object> values) implements SubmittedEvent {
        public Fields {
            Objects.requireNonNull(values, "values");
        }
    }

    /**
     * Input that could not be decoded into fields at all (malformed JSON, not an object, not UTF-8).
     *
     * @param field where in the input the decoder stopped, when it can tell ({@code properties.note}); else empty
     */
    record Unreadable(String field, String reason) implements SubmittedEvent {
        public Unreadable {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(reason, "reason");
        }

        public Unreadable(String reason) {
            this("", reason);
        }
    }
}
