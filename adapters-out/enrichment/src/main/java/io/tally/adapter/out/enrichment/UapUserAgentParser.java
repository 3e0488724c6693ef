package io.tally.adapter.out.enrichment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tally.application.port.out.UserAgentParser;
import io.tally.domain.event.Enrichment;
import ua_parser.Client;
import ua_parser.Parser;

import java.util.Optional;
import java.util.Set;

/**
 * Browser, OS and device family from ua-parser's maintained regex set (uap-core); bots are what it files under the
 * device family {@code Spider}. ua-parser names devices, not classes, so the class (desktop, mobile, tablet) is
 * read from its answer: a tablet device or an Android build without "Mobile", a phone OS, or else a desktop.
 * <p>
 * Answers are cached (a site sees a few thousand distinct user agents, and parsing one runs hundreds of regexes) in a
 * Caffeine cache, which concurrent requests may share: ua-parser's own {@code CachingParser} keeps an unsynchronized
 * LRU map that concurrent ingest requests would corrupt. {@link Parser} itself holds only compiled patterns.
 */
final class UapUserAgentParser implements UserAgentParser {

    private static final Set<String> PHONE_OS = Set.of("iOS", "Android", "Windows Phone", "BlackBerry OS", "KaiOS");

    /** Entries, not bytes: the validator bounds a user agent at 1,024 characters, so at most about 10 MB. */
    private static final int CACHED_USER_AGENTS = 10_000;

    private final Parser parser = new Parser();
    private final Cache<String, Optional<Enrichment.Device>> parsed = Caffeine.newBuilder()
            .maximumSize(CACHED_USER_AGENTS).build();

    @Override
    public Optional<Enrichment.Device> parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Optional.empty();
        }
        return parsed.get(userAgent, this::parseUncached);
    }

    private Optional<Enrichment.Device> parseUncached(String userAgent) {
        Client client = parser.parse(userAgent);
        boolean bot = "Spider".equals(client.device.family);
        return Optional.of(new Enrichment.Device(client.userAgent.family, client.os.family,
                bot ? "bot" : deviceClass(client, userAgent), bot));
    }

    private static String deviceClass(Client client, String userAgent) {
        String device = client.device.family;
        if (device.equals("iPad") || device.contains("Tablet")
                || (client.os.family.equals("Android") && !userAgent.contains("Mobile"))) {
            return "tablet";
        }
        return PHONE_OS.contains(client.os.family) ? "mobile" : "desktop";
    }
}
