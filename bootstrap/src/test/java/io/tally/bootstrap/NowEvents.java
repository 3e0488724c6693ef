package io.tally.bootstrap;

import java.time.Instant;

/** NDJSON of events happening now, one user and session each: traffic for tests that watch the present. */
final class NowEvents {

    private NowEvents() {
    }

    /** {@code count} events of {@code eventType}, ids {@code prefix0, prefix1, …}, all stamped with this instant. */
    static String ndjson(String eventType, int count, String prefix) {
        StringBuilder ndjson = new StringBuilder();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            ndjson.append("{\"event_id\":\"").append(prefix).append(i).append("\",\"user_id\":\"u").append(i)
                    .append("\",\"session_id\":\"s").append(i).append("\",\"event_type\":\"").append(eventType)
                    .append("\",\"timestamp\":\"").append(now).append("\",\"properties\":{}}\n");
        }
        return ndjson.toString();
    }
}
