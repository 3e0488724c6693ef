package io.tally.domain.event;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * The event of record: one thing a user did, as stored. Built only by {@link EventValidator} or by a store
 * reading back what it stored, so every instance has passed validation.
 *
 * @param properties flat, string keys; nested objects arrive flattened with dots ({@code plan.tier})
 * @param userAgent  empty string when not sent
 * @param ipAddress  empty string when not sent or not kept
 */
public record Event(
        String eventId,
        String projectId,
        String userId,
        String sessionId,
        String eventType,
        Instant timestamp,
        Map<String, PropertyValue> properties,
        String userAgent,
        String ipAddress,
        Instant receivedAt) {

    /** The order of one user's or session's events that every engine uses: time, then event id. */
    public static final Comparator<Event> CHRONOLOGICAL = Comparator.comparing(Event::timestamp).thenComparing(Event::eventId);

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        properties = Map.copyOf(properties);
        userAgent = userAgent == null ? "" : userAgent;
        ipAddress = ipAddress == null ? "" : ipAddress;
    }
}
