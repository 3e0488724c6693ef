package io.tally.adapter.in.websocket;

import io.tally.application.port.in.Answer;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.query.Report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers written as JSON once however many clients receive them: the hub hands the same answer object to every
 * subscription of a query in a tick, so the recent ones are remembered by identity.
 */
final class AnswerBodies {

    /** Enough for the distinct queries of one tick on a busy node; bodies can be large, so no more. */
    private static final int REMEMBERED = 32;

    private record Identity(Object value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    private final Map<Identity, String> recent = new LinkedHashMap<>(REMEMBERED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized String body(Answer<Report> answer) {
        return recent.computeIfAbsent(new Identity(answer), k -> Messages.write(Charts.report(answer)));
    }
}
