package io.tally.application.port.out;

import io.tally.domain.event.Enrichment;

import java.util.Optional;

/** Finds where an IP address is; empty when unknown or when no database is configured. */
public interface GeoLocator {

    Optional<Enrichment.Location> locate(String ipAddress);

    GeoLocator NONE = ipAddress -> Optional.empty();
}
