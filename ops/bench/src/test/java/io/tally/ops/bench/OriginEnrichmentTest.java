package io.tally.ops.bench;

import io.tally.domain.acquisition.KnownSource;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.acquisition.SourceCategory;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OriginEnrichmentTest {

    private static final ReferrerDirectory DIRECTORY = ReferrerDirectory.builder()
            .add("google.com", new KnownSource("Google", SourceCategory.SEARCH))
            .build();
    private static final OriginEnrichment ORIGINS = new OriginEnrichment(DIRECTORY);

    private static Event pageView(String... keysAndValues) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        properties.put("path", PropertyValue.of("/pricing"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], PropertyValue.of(keysAndValues[i + 1]));
        }
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new Event("evt-1", "default", "usr-1", "ses-1", "page_view", at, properties, "", "8.8.4.1", at);
    }

    private static String text(Event event, String key) {
        return event.properties().get(key).text();
    }

    @Test
    void a_visit_from_a_known_search_engine_gains_its_name_and_organic_search() {
        Event enriched = ORIGINS.enrich(pageView("referrer", "https://www.google.com/"));

        assertThat(text(enriched, "source")).isEqualTo("Google");
        assertThat(text(enriched, "channel")).isEqualTo("Organic Search");
        assertThat(text(enriched, "path")).isEqualTo("/pricing");
        assertThat(enriched.ipAddress()).isEqualTo("8.8.4.1");
    }

    @Test
    void a_campaign_naming_no_known_source_and_no_medium_is_unassigned_under_its_own_name() {
        // GA4's rules: no paid, display, social, video, search, referral, email, affiliate, audio, SMS or push medium
        Event enriched = ORIGINS.enrich(pageView("utm_source", "newsletter"));

        assertThat(text(enriched, "source")).isEqualTo("newsletter");
        assertThat(text(enriched, "channel")).isEqualTo("Unassigned");
    }

    @Test
    void an_event_without_referrer_or_campaign_is_passed_on_untouched() {
        Event direct = pageView();

        assertThat(ORIGINS.enrich(direct)).isSameAs(direct);
    }

    @Test
    void a_source_and_channel_the_event_carries_are_kept() {
        Event told = pageView("referrer", "https://www.google.com/", "source", "Ads", "channel", "Paid Search");

        assertThat(ORIGINS.enrich(told)).isSameAs(told);
    }

    @Test
    void the_server_lists_classify_the_events_as_they_are_taken() {
        List<Event> events = List.of(pageView("referrer", "https://www.google.com/"), pageView());
        List<String> channels = new ArrayList<>();

        OriginEnrichment.server().enriched(events.iterator()).forEachRemaining(event -> channels.add(
                event.properties().containsKey("channel") ? text(event, "channel") : "none"));

        assertThat(channels).containsExactly("Organic Search", "none");
    }
}
