package io.tally.application.service;

import io.tally.application.port.out.GeoLocator;
import io.tally.application.port.out.UserAgentParser;
import io.tally.domain.acquisition.Acquisition;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.Event;

import java.util.Optional;

/**
 * Ingest-time enrichment: device facts from the user agent, place from the IP address, source and channel from the
 * referrer and campaign parameters (when a referrer directory is given), then the IP dropped unless configured
 * otherwise. Bots are flagged ({@code bot: true}) and, unless kept, left out of storage.
 */
public final class EventEnricher {

    /** @param keepBots store bot events (flagged) instead of leaving them out
     *  @param keepIp   store the raw IP address */
    public record Settings(boolean keepBots, boolean keepIp) {
        public static final Settings DEFAULT = new Settings(false, false);
    }

    private final UserAgentParser userAgents;
    private final GeoLocator geo;
    private final Settings settings;
    private final Optional<ReferrerDirectory> referrers;

    /** Without a referrer directory: no source or channel is added. */
    public EventEnricher(UserAgentParser userAgents, GeoLocator geo, Settings settings) {
        this(userAgents, geo, settings, Optional.empty());
    }

    public EventEnricher(UserAgentParser userAgents, GeoLocator geo, Settings settings, Optional<ReferrerDirectory> referrers) {
        this.userAgents = userAgents;
        this.geo = geo;
        this.settings = settings;
        this.referrers = referrers;
    }

    /** No parsing, no lookups, the IP kept as sent: for tests of the core. */
    public static EventEnricher none() {
        return new EventEnricher(UserAgentParser.NONE, GeoLocator.NONE, new Settings(true, true));
    }

    /** The enriched event, or empty when it is a bot's and bots are not kept. */
    public Optional<Event> enrich(Event event) {
        Optional<Enrichment.Device> device = event.userAgent().isBlank() ? Optional.empty() : userAgents.parse(event.userAgent());
        if (device.filter(Enrichment.Device::bot).isPresent() && !settings.keepBots()) {
            return Optional.empty();
        }
        boolean needsPlace = !event.ipAddress().isBlank() && !event.properties().containsKey("country");
        Optional<Enrichment.Location> location = needsPlace ? geo.locate(event.ipAddress()) : Optional.empty();
        boolean needsOrigin = referrers.isPresent() && !(event.properties().containsKey(Enrichment.Origin.SOURCE_KEY)
                && event.properties().containsKey(Enrichment.Origin.CHANNEL_KEY));
        Optional<Enrichment.Origin> origin = needsOrigin ? Acquisition.of(event.properties(), referrers.get()) : Optional.empty();
        return Optional.of(Enrichment.apply(event, device, location, origin, settings.keepIp()));
    }
}
