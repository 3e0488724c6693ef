package io.tally.adapter.out.memory;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sources and channels of visits (project {@value #PROJECT}), worked out by hand in {@link HandWorkedContract}; times
 * from {@link #T0} (09:00 UTC), the range [09:00, 14:00). Ingest's classification is written into the events here as
 * it would store it ({@code source}, {@code channel}), so these cases hold the engines to the session rule alone:
 * <ul>
 *   <li>c1 (user va): a page view from Google (Organic Search) at 09:00, a page view at 09:10 and a click at 09:20;</li>
 *   <li>c2 (user va): two page views without referrer or campaign at 11:00 and 11:05 (Direct);</li>
 *   <li>c3 (user vb): one page view from Hacker News (Organic Social) at 12:00, a bounce;</li>
 *   <li>c4 (user vb): a click without an origin at 13:00, then a page view from Google at 13:01: by time the click is
 *       first, so the visit is Direct; among page views alone it is Organic Search.</li>
 * </ul>
 */
public final class VisitOrigins {

    public static final String PROJECT = "origins";
    public static final Instant T0 = Instant.parse("2026-09-21T09:00:00Z");

    private VisitOrigins() {
    }

    public static List<Event> events() {
        return List.of(
                event("c1-1", "va", "c1", "page_view", 0, "Google", "Organic Search"),
                event("c1-2", "va", "c1", "page_view", 10, null, null),
                event("c1-3", "va", "c1", "click", 20, null, null),
                event("c2-1", "va", "c2", "page_view", 120, null, null),
                event("c2-2", "va", "c2", "page_view", 125, null, null),
                event("c3-1", "vb", "c3", "page_view", 180, "Hacker News", "Organic Social"),
                event("c4-1", "vb", "c4", "click", 240, null, null),
                event("c4-2", "vb", "c4", "page_view", 241, "Google", "Organic Search"));
    }

    private static Event event(String id, String user, String session, String type, int minutes, String source, String channel) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        properties.put("path", PropertyValue.of("/" + id));
        if (source != null) {
            properties.put("source", PropertyValue.of(source));
            properties.put("channel", PropertyValue.of(channel));
        }
        return new Event(id, PROJECT, user, session, type, at, Map.copyOf(properties), "", "", at.plus(Duration.ofHours(6)));
    }
}
