package io.tally.application.service;

import io.tally.application.port.out.GeoLocator;
import io.tally.application.port.out.UserAgentParser;
import io.tally.domain.acquisition.KnownSource;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.acquisition.SourceCategory;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventEnricherTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static final ReferrerDirectory DIRECTORY = ReferrerDirectory.builder()
            .add("google.{}", new KnownSource("Google", SourceCategory.SEARCH))
            .add("news.ycombinator.com", new KnownSource("Hacker News", SourceCategory.SOCIAL))
            .build();

    private static final EventEnricher ENRICHER = new EventEnricher(UserAgentParser.NONE, GeoLocator.NONE,
            EventEnricher.Settings.DEFAULT, Optional.of(DIRECTORY));

    private static Event event(String... keysAndValues) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], PropertyValue.of(keysAndValues[i + 1]));
        }
        return new Event("e1", "p1", "u1", "s1", "page_view", AT, properties, "", "", AT);
    }

    private static Map<String, PropertyValue> enriched(EventEnricher enricher, Event event) {
        return enricher.enrich(event).orElseThrow().properties();
    }

    @Test
    void adds_the_source_and_channel_of_the_referrer() {
        assertThat(enriched(ENRICHER, event("referrer", "https://www.google.de/search?q=x", "path", "/")))
                .containsEntry(Enrichment.Origin.SOURCE_KEY, PropertyValue.of("Google"))
                .containsEntry(Enrichment.Origin.CHANNEL_KEY, PropertyValue.of("Organic Search"))
                .containsEntry("path", PropertyValue.of("/"));
        assertThat(enriched(ENRICHER, event("utm_source", "newsletter", "utm_medium", "email")))
                .containsEntry(Enrichment.Origin.SOURCE_KEY, PropertyValue.of("newsletter"))
                .containsEntry(Enrichment.Origin.CHANNEL_KEY, PropertyValue.of("Email"));
    }

    @Test
    void an_event_that_carries_its_own_source_and_channel_keeps_them() {
        Event event = event("referrer", "https://news.ycombinator.com/", "source", "launch-post", "channel", "Community");
        assertThat(enriched(ENRICHER, event)).isEqualTo(event.properties());
    }

    /** A property the event carries is never overwritten; the missing one is still added, from the referrer. */
    @Test
    void an_event_that_carries_only_one_of_them_keeps_it_and_gains_the_other() {
        assertThat(enriched(ENRICHER, event("referrer", "https://news.ycombinator.com/", "channel", "Community")))
                .containsEntry(Enrichment.Origin.SOURCE_KEY, PropertyValue.of("Hacker News"))
                .containsEntry(Enrichment.Origin.CHANNEL_KEY, PropertyValue.of("Community"));
    }

    @Test
    void a_direct_visit_gains_nothing() {
        Event event = event("path", "/pricing");
        assertThat(enriched(ENRICHER, event)).isEqualTo(event.properties());
    }

    @Test
    void without_a_directory_no_source_or_channel_is_added() {
        EventEnricher plain = new EventEnricher(UserAgentParser.NONE, GeoLocator.NONE, EventEnricher.Settings.DEFAULT);
        Event event = event("referrer", "https://www.google.de/");
        assertThat(enriched(plain, event)).isEqualTo(event.properties());
        assertThat(enriched(EventEnricher.none(), event)).isEqualTo(event.properties());
    }
}
