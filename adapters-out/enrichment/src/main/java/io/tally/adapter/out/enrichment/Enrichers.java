package io.tally.adapter.out.enrichment;

import io.tally.application.port.out.GeoLocator;
import io.tally.application.port.out.UserAgentParser;
import io.tally.domain.acquisition.ReferrerDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The enrichment adapter's one public face: a user-agent parser, a GeoIP locator when a database is configured, and
 * the directory of known referrers.
 */
public final class Enrichers {

    private static ReferrerDirectory referrers;

    private Enrichers() {
    }

    public static UserAgentParser userAgents() {
        return new UapUserAgentParser();
    }

    /** The locator over a GeoIP2/GeoLite2 City file; without a file, geo stays empty. */
    public static GeoLocator geo(Optional<Path> database) {
        return database.<GeoLocator>map(file -> {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("enrichment.geoip-database names no readable file: " + file);
            }
            return new MaxMindGeoLocator(file);
        }).orElse(GeoLocator.NONE);
    }

    /**
     * The known search engines, social networks and AI assistants, from Matomo's lists shipped in this module; read
     * once. A missing or malformed list is an {@link IllegalStateException} (the server should not start without it).
     */
    public static synchronized ReferrerDirectory referrers() {
        if (referrers == null) {
            referrers = MatomoReferrerLists.load();
        }
        return referrers;
    }
}
