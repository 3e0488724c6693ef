package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.sample.TrafficGenerator;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Generated traffic (project {@value #PROJECT}) with every time cut to its minute, as a client that stamps events
 * by the minute sends them, and ids in no order (name-based UUIDs of the generated ones, which count up in time):
 * a page view, a sign-up and a purchase of one session often share an instant, and their ids decide nothing in
 * a funnel's order (the agreement cases compare every engine on it).
 */
public final class SameInstants {

    public static final String PROJECT = "instants";

    private SameInstants() {
    }

    public static List<Event> events() {
        return TrafficGenerator.list(new TrafficGenerator.Settings(20_000, AgreementCases.DAYS, 7, AgreementCases.END, PROJECT))
                .stream()
                .map(e -> new Event(UUID.nameUUIDFromBytes(e.eventId().getBytes(StandardCharsets.UTF_8)).toString(),
                        e.projectId(), e.userId(), e.sessionId(), e.eventType(), e.timestamp().truncatedTo(ChronoUnit.MINUTES),
                        e.properties(), e.userAgent(), e.ipAddress(), e.receivedAt()))
                .toList();
    }
}
