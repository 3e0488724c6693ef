package io.tally.domain.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What ingest adds to an event: browser, OS and device from its user agent, country, region and city from its
 * IP address, source and channel from its referrer and campaign parameters. A property the event already carries is never overwritten (a client may know better). The raw
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

    /**
     * Where the visit came from, from its referrer and campaign parameters ({@code io.tally.domain.acquisition}):
     * stored as the {@code source} and {@code channel} properties.
     */
    public record Origin(String source, String channel) {
        public static final String SOURCE_KEY = "source";
        public static final String CHANNEL_KEY = "channel";

        public Origin {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** The most facts an event can gain: browser, os, device, bot, country, region, city, source, channel. */
    private static final int FACTS = 9;

    private Enrichment() {
    }

    /**
     * The event with the facts added (blank facts are not added) and the IP kept or dropped. The event's properties
     * are copied once, into the new event's map, and only when a fact is added.
     */
    public static Event apply(Event event, Optional<Device> device, Optional<Location> location, boolean keepIp) {
        return apply(event, device, location, Optional.empty(), keepIp);
    }

    /** As {@link #apply(Event, Optional, Optional, boolean)}, with the visit's source and channel added too. */
    public static Event apply(Event event, Optional<Device> device, Optional<Location> location,
                              Optional<Origin> origin, boolean keepIp) {
        Map<String, PropertyValue> properties = event.properties();
        List<Map.Entry<String, PropertyValue>> added = new ArrayList<>(FACTS);
        device.ifPresent(d -> {
            addIfAbsent(properties, added, "browser", d.browser());
            addIfAbsent(properties, added, "os", d.os());
            addIfAbsent(properties, added, "device", d.device());
            if (d.bot() && !properties.containsKey("bot")) {
                added.add(Map.entry("bot", PropertyValue.of(true)));
            }
        });
        location.ifPresent(l -> {
            addIfAbsent(properties, added, "country", l.country());
            addIfAbsent(properties, added, "region", l.region());
            addIfAbsent(properties, added, "city", l.city());
        });
        origin.ifPresent(o -> {
            addIfAbsent(properties, added, Origin.SOURCE_KEY, o.source());
            addIfAbsent(properties, added, Origin.CHANNEL_KEY, o.channel());
        });
        return new Event(event.eventId(), event.projectId(), event.userId(), event.sessionId(), event.eventType(),
                event.timestamp(), added.isEmpty() ? properties : with(properties, added), event.userAgent(),
                keepIp ? event.ipAddress() : "", event.receivedAt());
    }

    /** Each fact has a key of its own, so checking the event's properties alone is enough. */
    private static void addIfAbsent(Map<String, PropertyValue> properties, List<Map.Entry<String, PropertyValue>> added,
                                    String key, String value) {
        if (!value.isBlank() && !properties.containsKey(key)) {
            added.add(Map.entry(key, PropertyValue.of(value)));
        }
    }

    /** The properties and then the added ones, as one immutable map (what the event would copy them into). */
    @SuppressWarnings("unchecked")
    private static Map<String, PropertyValue> with(Map<String, PropertyValue> properties,
                                                   List<Map.Entry<String, PropertyValue>> added) {
        Map.Entry<String, PropertyValue>[] entries = new Map.Entry[properties.size() + added.size()];
        int i = 0;
        for (Map.Entry<String, PropertyValue> entry : properties.entrySet()) {
            entries[i++] = entry;
        }
        for (Map.Entry<String, PropertyValue> entry : added) {
            entries[i++] = entry;
        }
        return Map.ofEntries(entries);
    }
}
