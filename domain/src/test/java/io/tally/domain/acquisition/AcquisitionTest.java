package io.tally.domain.acquisition;

import io.tally.domain.event.Enrichment;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AcquisitionTest {

    private static final ReferrerDirectory DIRECTORY = ReferrerDirectory.builder()
            .add("chatgpt.com", new KnownSource("ChatGPT", SourceCategory.AI_ASSISTANT))
            .add("facebook.com", new KnownSource("Facebook", SourceCategory.SOCIAL))
            .add("news.ycombinator.com", new KnownSource("Hacker News", SourceCategory.SOCIAL))
            .add("google.com", new KnownSource("Google", SourceCategory.SEARCH))
            .add("google.{}", new KnownSource("Google", SourceCategory.SEARCH))
            .build();

    private static final Optional<SourceCategory> UNKNOWN = Optional.empty();
    private static final Optional<SourceCategory> SEARCH = Optional.of(SourceCategory.SEARCH);
    private static final Optional<SourceCategory> SOCIAL = Optional.of(SourceCategory.SOCIAL);
    private static final Optional<SourceCategory> ASSISTANT = Optional.of(SourceCategory.AI_ASSISTANT);

    private static Channel channel(Optional<SourceCategory> category, String source, String medium, String campaign) {
        return Acquisition.channel(category, source, medium, campaign);
    }

    private static Optional<SourceCategory> category(String name) {
        return switch (name) {
            case "search" -> SEARCH;
            case "social" -> SOCIAL;
            case "assistant" -> ASSISTANT;
            default -> UNKNOWN;
        };
    }

    /** Category of the source (or none), source, medium and campaign, lower case as the rules read them, then the channel. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // cross-network beats everything, paid or not
            "search    | google     | cpc            | summer_cross-network | CROSS_NETWORK",
            "none      | partner    | ''             | cross-network        | CROSS_NETWORK",
            // a shopping campaign with a paid medium, even from a search engine
            "search    | google     | cpc            | shop_summer          | PAID_SHOPPING",
            "none      | partner    | ppc            | eshop                | PAID_SHOPPING",
            "none      | partner    | paid           | black-friday-shopping | PAID_SHOPPING",
            "none      | partner    | cpc            | summer-shop          | PAID_SHOPPING",
            // 'workshop': k before shop is a letter other than e, so no shopping campaign
            "search    | google     | cpc            | workshop             | PAID_SEARCH",
            "search    | google     | ppc            | ''                   | PAID_SEARCH",
            "search    | google     | paidsearch     | ''                   | PAID_SEARCH",
            "social    | facebook   | paid_social    | ''                   | PAID_SOCIAL",
            "social    | facebook   | cpm            | ''                   | PAID_SOCIAL",
            "none      | youtube    | paid_video     | ''                   | PAID_VIDEO",
            "none      | partner    | cpv-video      | ''                   | PAID_VIDEO",
            "none      | partner    | banner         | ''                   | DISPLAY",
            "none      | partner    | display        | ''                   | DISPLAY",
            // cpm is paid too, but display comes first
            "none      | partner    | cpm            | ''                   | DISPLAY",
            "none      | partner    | cpc            | workshop             | PAID_OTHER",
            "none      | partner    | retargeting    | ''                   | PAID_OTHER",
            "assistant | chatgpt    | cpc            | ''                   | PAID_OTHER",
            "none      | partner    | ''             | shop_summer          | ORGANIC_SHOPPING",
            "social    | facebook   | referral       | ''                   | ORGANIC_SOCIAL",
            "none      | partner    | social-media   | ''                   | ORGANIC_SOCIAL",
            "none      | partner    | sm             | ''                   | ORGANIC_SOCIAL",
            "social    | facebook   | video          | ''                   | ORGANIC_SOCIAL",
            "none      | partner    | video          | ''                   | ORGANIC_VIDEO",
            "search    | google     | organic        | ''                   | ORGANIC_SEARCH",
            "search    | google     | email          | ''                   | ORGANIC_SEARCH",
            "none      | partner    | organic        | ''                   | ORGANIC_SEARCH",
            "assistant | chatgpt    | referral       | ''                   | AI_ASSISTANTS",
            "assistant | chatgpt    | ''             | ''                   | AI_ASSISTANTS",
            "none      | example.org | referral      | ''                   | REFERRAL",
            "none      | partner    | app            | ''                   | REFERRAL",
            "none      | partner    | link           | ''                   | REFERRAL",
            "none      | newsletter | email          | ''                   | EMAIL",
            "none      | e-mail     | ''             | ''                   | EMAIL",
            "none      | partner    | e mail         | ''                   | EMAIL",
            "none      | partner    | affiliate      | ''                   | AFFILIATES",
            "none      | podcast    | audio          | ''                   | AUDIO",
            "none      | sms        | ''             | ''                   | SMS",
            "none      | partner    | sms            | ''                   | SMS",
            "none      | partner    | web-push       | ''                   | MOBILE_PUSH",
            "none      | partner    | mobile         | ''                   | MOBILE_PUSH",
            "none      | partner    | in-app-notification | ''              | MOBILE_PUSH",
            "none      | firebase   | ''             | ''                   | MOBILE_PUSH",
            "none      | newsletter | print          | ''                   | UNASSIGNED",
            "none      | partner    | ''             | spring               | UNASSIGNED",
            "none      | partner    | affiliates     | ''                   | UNASSIGNED"})
    void the_first_rule_that_holds_names_the_channel(String category, String source, String medium, String campaign,
                                                     Channel expected) {
        assertThat(channel(category(category), source, medium, campaign)).isEqualTo(expected);
    }

    /** Direct is no rule's: a visit without referrer or campaign gets no origin at all. */
    @Test
    void every_channel_but_direct_is_reached_by_its_rule() {
        for (Channel channel : Channel.values()) {
            if (channel != Channel.DIRECT) {
                assertThat(sample(channel)).as(channel.name()).isEqualTo(channel);
            }
        }
    }

    /** One hand-picked case per channel; the switch is exhaustive, so a new channel needs a case here. */
    private static Channel sample(Channel channel) {
        return switch (channel) {
            case DIRECT -> Channel.DIRECT;
            case CROSS_NETWORK -> channel(UNKNOWN, "partner", "", "cross-network");
            case PAID_SHOPPING -> channel(UNKNOWN, "partner", "cpc", "shopping");
            case PAID_SEARCH -> channel(SEARCH, "google", "cpc", "");
            case PAID_SOCIAL -> channel(SOCIAL, "facebook", "cpc", "");
            case PAID_VIDEO -> channel(UNKNOWN, "partner", "paid-video", "");
            case DISPLAY -> channel(UNKNOWN, "partner", "interstitial", "");
            case PAID_OTHER -> channel(UNKNOWN, "partner", "cpa", "");
            case ORGANIC_SHOPPING -> channel(UNKNOWN, "partner", "", "shop");
            case ORGANIC_SOCIAL -> channel(UNKNOWN, "partner", "social network", "");
            case ORGANIC_VIDEO -> channel(UNKNOWN, "partner", "video-organic", "");
            case ORGANIC_SEARCH -> channel(SEARCH, "google", "organic", "");
            case AI_ASSISTANTS -> channel(ASSISTANT, "chatgpt", "referral", "");
            case REFERRAL -> channel(UNKNOWN, "example.org", "referral", "");
            case EMAIL -> channel(UNKNOWN, "email", "", "");
            case AFFILIATES -> channel(UNKNOWN, "partner", "affiliate", "");
            case AUDIO -> channel(UNKNOWN, "partner", "audio", "");
            case SMS -> channel(UNKNOWN, "sms", "", "");
            case MOBILE_PUSH -> channel(UNKNOWN, "partner", "push", "");
            case UNASSIGNED -> channel(UNKNOWN, "partner", "", "");
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shop_summer          | true",
            "shop                 | true",
            "shopify              | true",
            "eshop                | true",
            "reshop               | true",
            "summer-shop          | true",
            "summer_shop          | true",
            "2shop                | true",
            "shopping             | true",
            "bookshopping         | true",
            "workshop-shop        | true",
            "workshop             | false",
            "ashop                | false",
            "bishop               | false",
            "sho                  | false",
            "''                   | false"})
    void a_shopping_campaign_has_shop_at_the_start_or_after_e_or_a_non_letter_or_shopping_anywhere(String campaign,
                                                                                                  boolean shopping) {
        assertThat(Acquisition.shoppingCampaign(campaign)).isEqualTo(shopping);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cpc | true", "cpm | true", "acpx | true", "ppc | true", "retargeting | true", "paid | true",
            "paid_social | true", "ppc2 | false", "retargeting-x | false", "unpaid | false", "escape | false",
            "organic | false", "'' | false"})
    void a_paid_medium_contains_cp_or_is_ppc_or_retargeting_or_starts_with_paid(String medium, boolean paid) {
        assertThat(Acquisition.paidMedium(medium)).isEqualTo(paid);
    }

    private static Map<String, PropertyValue> properties(String... keysAndValues) {
        Map<String, PropertyValue> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], PropertyValue.of(keysAndValues[i + 1]));
        }
        return properties;
    }

    private static Optional<Enrichment.Origin> origin(String... keysAndValues) {
        return Acquisition.of(properties(keysAndValues), DIRECTORY);
    }

    private static Optional<Enrichment.Origin> expected(String source, String channel) {
        return Optional.of(new Enrichment.Origin(source, channel));
    }

    @Test
    void a_referrer_alone_names_its_known_source_and_reads_as_organic_or_referral() {
        assertThat(origin("referrer", "https://www.google.de/search?q=x")).isEqualTo(expected("Google", "Organic Search"));
        assertThat(origin("referrer", "https://news.ycombinator.com/item?id=1")).isEqualTo(expected("Hacker News", "Organic Social"));
        assertThat(origin("referrer", "https://l.facebook.com/l.php")).isEqualTo(expected("Facebook", "Organic Social"));
        assertThat(origin("referrer", "https://chatgpt.com/")).isEqualTo(expected("ChatGPT", "AI Assistants"));
        assertThat(origin("referrer", "https://www.example.org/a")).isEqualTo(expected("example.org", "Referral"));
        assertThat(origin("referrer", "android-app://com.slack/")).isEqualTo(expected("com.slack", "Referral"));
    }

    @Test
    void campaign_parameters_decide_over_the_referrer() {
        assertThat(origin("utm_source", "google", "utm_medium", "cpc")).isEqualTo(expected("Google", "Paid Search"));
        assertThat(origin("utm_source", " GOOGLE ", "utm_medium", "Organic")).isEqualTo(expected("Google", "Organic Search"));
        assertThat(origin("utm_source", "facebook.com", "utm_medium", "paid_social")).isEqualTo(expected("Facebook", "Paid Social"));
        assertThat(origin("utm_source", "chatgpt.com")).isEqualTo(expected("ChatGPT", "AI Assistants"));
        assertThat(origin("utm_source", "newsletter", "utm_medium", "email")).isEqualTo(expected("newsletter", "Email"));
        assertThat(origin("utm_source", " Partner ", "utm_medium", "referral")).isEqualTo(expected("Partner", "Referral"));
        assertThat(origin("utm_source", "google", "utm_medium", "cpc", "utm_campaign", "Shop_Summer"))
                .isEqualTo(expected("Google", "Paid Shopping"));
        // with a campaign the medium is the campaign's: no organic/referral medium is read from the referrer
        assertThat(origin("utm_source", "newsletter", "referrer", "https://www.google.de/"))
                .isEqualTo(expected("newsletter", "Unassigned"));
        assertThat(origin("utm_medium", "cpc", "referrer", "https://www.google.de/")).isEqualTo(expected("Google", "Paid Search"));
        assertThat(origin("utm_campaign", "spring", "referrer", "https://www.google.de/"))
                .isEqualTo(expected("Google", "Organic Search"));
        assertThat(origin("utm_campaign", "spring")).isEqualTo(expected(Acquisition.DIRECT_SOURCE, "Unassigned"));
    }

    @Test
    void a_visit_without_a_readable_referrer_or_campaign_has_no_origin() {
        assertThat(origin()).isEmpty();
        assertThat(origin("path", "/pricing", "plan", "pro")).isEmpty();
        assertThat(origin("referrer", "   ", "utm_source", "")).isEmpty();
        assertThat(origin("referrer", "not a url")).isEmpty();
        assertThat(origin("referrer", "/relative/path")).isEmpty();
    }

    @Test
    void a_number_or_flag_is_read_as_its_text() {
        Map<String, PropertyValue> properties = new HashMap<>();
        properties.put("utm_source", PropertyValue.of(new BigDecimal("42")));
        properties.put("utm_medium", PropertyValue.of(true));
        assertThat(Acquisition.of(properties, DIRECTORY)).isEqualTo(expected("42", "Unassigned"));
    }

    @Test
    void an_empty_directory_knows_no_source() {
        assertThat(Acquisition.of(properties("referrer", "https://www.google.de/"), ReferrerDirectory.EMPTY))
                .isEqualTo(expected("google.de", "Referral"));
        assertThat(Acquisition.of(properties("utm_source", "google", "utm_medium", "cpc"), ReferrerDirectory.EMPTY))
                .isEqualTo(expected("google", "Paid Other"));
    }
}
