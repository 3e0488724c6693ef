package io.tally.domain.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What ingest adds to an event: browser, OS and device from its user agent, country, region and city from its
 * IP address. A property the event already carries is never overwritten (a client may know better). The raw
 * IP address is dropped unless it is to be kept.
 */
public final class Enrichment {

    /** The user agent, read by a parser library. {@code device} is desktop, mobile, tablet or bot. */
    public record Device(String browser, String os, String device, boolean bot) {
        public Device {
            Objects.requireNonNull(browser, "browser");
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(device, "device");
        }
    }

    /** A place from a GeoIP database; parts it does not know are empty. */
    public record Location(String country, String region, String city) {
        public Location {
            country = country == null ? "" : country;
            region = region == null ? "" : region;
            city = city == null ? "" : city;
        }
    }

    private Enrichment() {
    }

    /** The event with the facts added (blank facts are not added) and the IP kept or dropped. */
    public static Event apply(Event event, Optional<Device> device, Optional<Location> location, boolean keepIp) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>(event.properties());
        device.ifPresent(d -> {
            addIfAbsent(properties, "browser", d.browser());
            addIfAbsent(properties, "os", d.os());
            addIfAbsent(properties, "device", d.device());
            if (d.bot()) {
                properties.putIfAbsent("bot", PropertyValue.of(true));
            }
        });
        location.ifPresent(l -> {
            addIfAbsent(properties, "country", l.country());
            addIfAbsent(properties, "region", l.region());
            addIfAbsent(properties, "city", l.city());
        });
        return new Event(event.eventId(), event.projectId(), event.userId(), event.sessionId(), event.eventType(),
                event.timestamp(), properties, event.userAgent(), keepIp ? event.ipAddress() : "", event.receivedAt());
    }

    private static void addIfAbsent(Map<String, PropertyValue> properties, String key, String value) {
        if (!value.isBlank()) {
            properties.putIfAbsent(key, PropertyValue.of(value));
        }
    }
}
