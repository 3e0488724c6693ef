package io.tally.application.port.out;

import io.tally.domain.event.Enrichment;

import java.util.Optional;

/** Reads browser, OS, device class and bot-ness from a user agent string. */
public interface UserAgentParser {

    /** Empty for a blank user agent. */
    Optional<Enrichment.Device> parse(String userAgent);

    UserAgentParser NONE = userAgent -> Optional.empty();
}
