package io.tally.domain.acquisition;

import io.tally.domain.event.Enrichment;
import io.tally.domain.event.PropertyValue;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a visit came from: a normalised source name and a channel, decided once at ingest from the event's
 * {@code referrer} and {@code utm_source}, {@code utm_medium}, {@code utm_campaign} (docs/analytics.md, "Channels").
 *
 * <p>The source is the {@code utm_source} when there is one (a known source's name when the lists know it by name or
 * host: {@code google} → {@code Google}), else the referrer's known source, else the referrer's host. The medium
 * the rules read is {@code utm_medium} when any campaign parameter is present (GA4 reads the campaign's values
 * alone then), else {@code organic} for a known search engine and {@code referral} for any other referrer.
 */
public final class Acquisition {

    /** The source of a visit with neither referrer nor campaign (nothing is stored for it: queries say so). */
    public static final String DIRECT_SOURCE = "Direct / None";

    private static final Set<String> DISPLAY_MEDIA = Set.of("display", "banner", "expandable", "interstitial", "cpm");
    private static final Set<String> SOCIAL_MEDIA = Set.of("social", "social-network", "social-media", "sm",
            "social network", "social media");
    private static final Set<String> EMAIL_NAMES = Set.of("email", "e-mail", "e_mail", "e mail");
    private static final Set<String> REFERRAL_MEDIA = Set.of("referral", "app", "link");

    private Acquisition() {
    }

    /**
     * The origin of an event's properties, or empty when they hold neither a referrer with a host nor a
     * campaign parameter (a direct visit).
     */
    public static Optional<Enrichment.Origin> of(Map<String, PropertyValue> properties, ReferrerDirectory directory) {
        String utmSource = text(properties, "utm_source");
        String utmMedium = text(properties, "utm_medium");
        String utmCampaign = text(properties, "utm_campaign");
        Referrer referrer = Referrer.parse(text(properties, "referrer"));
        boolean campaign = utmSource != null || utmMedium != null || utmCampaign != null;
        if (!campaign && referrer == null) {
            return Optional.empty();
        }
        Optional<KnownSource> known;
        String source;
        if (utmSource != null) {
            known = directory.named(utmSource).or(() -> hostOf(utmSource).flatMap(directory::find));
            source = known.map(KnownSource::name).orElse(utmSource.strip());
        } else if (referrer != null) {
            known = directory.find(referrer);
            source = known.map(KnownSource::name).orElse(referrer.host());
        } else {
            known = Optional.empty();
            source = DIRECT_SOURCE;
        }
        Optional<SourceCategory> category = known.map(KnownSource::category);
        String medium = campaign ? lower(utmMedium) : category.filter(SourceCategory.SEARCH::equals).isPresent() ? "organic" : "referral";
        return Optional.of(new Enrichment.Origin(source, channel(category, lower(source), medium, lower(utmCampaign)).label()));
    }

    /** The channel by the rules in their order; {@code source}, {@code medium} and {@code campaign} in lower case, "" when absent. */
    static Channel channel(Optional<SourceCategory> category, String source, String medium, String campaign) {
        boolean search = category.filter(SourceCategory.SEARCH::equals).isPresent();
        boolean social = category.filter(SourceCategory.SOCIAL::equals).isPresent();
        boolean assistant = category.filter(SourceCategory.AI_ASSISTANT::equals).isPresent();
        boolean paid = paidMedium(medium);
        boolean shopping = shoppingCampaign(campaign);
        boolean video = medium.contains("video");
        if (campaign.contains("cross-network")) {
            return Channel.CROSS_NETWORK;
        }
        if (shopping && paid) {
            return Channel.PAID_SHOPPING;
        }
        if (search && paid) {
            return Channel.PAID_SEARCH;
        }
        if (social && paid) {
            return Channel.PAID_SOCIAL;
        }
        if (video && paid) {
            return Channel.PAID_VIDEO;
        }
        if (DISPLAY_MEDIA.contains(medium)) {
            return Channel.DISPLAY;
        }
        if (paid) {
            return Channel.PAID_OTHER;
        }
        if (shopping) {
            return Channel.ORGANIC_SHOPPING;
        }
        if (social || SOCIAL_MEDIA.contains(medium)) {
            return Channel.ORGANIC_SOCIAL;
        }
        if (video) {
            return Channel.ORGANIC_VIDEO;
        }
        if (search || medium.equals("organic")) {
            return Channel.ORGANIC_SEARCH;
        }
        if (assistant) {
            return Channel.AI_ASSISTANTS;
        }
        if (REFERRAL_MEDIA.contains(medium)) {
            return Channel.REFERRAL;
        }
        if (EMAIL_NAMES.contains(source) || EMAIL_NAMES.contains(medium)) {
            return Channel.EMAIL;
        }
        if (medium.equals("affiliate")) {
            return Channel.AFFILIATES;
        }
        if (medium.equals("audio")) {
            return Channel.AUDIO;
        }
        if (source.equals("sms") || medium.equals("sms")) {
            return Channel.SMS;
        }
        if (medium.endsWith("push") || medium.contains("mobile") || medium.contains("notification")
                || source.equals("firebase")) {
            return Channel.MOBILE_PUSH;
        }
        return Channel.UNASSIGNED;
    }

    /** GA4's paid medium, {@code ^(.*cp.*|ppc|retargeting|paid.*)$}, by plain string tests. */
    static boolean paidMedium(String medium) {
        return medium.contains("cp") || medium.equals("ppc") || medium.equals("retargeting") || medium.startsWith("paid");
    }

    /**
     * GA4's shopping campaign, {@code ^(.*(([^a-df-z]|^)shop|shopping).*)$}: "shopping" anywhere, or "shop" at the
     * start or after a character that is not a lower-case letter other than {@code e}.
     */
    static boolean shoppingCampaign(String campaign) {
        if (campaign.contains("shopping")) {
            return true;
        }
        for (int at = campaign.indexOf("shop"); at >= 0; at = campaign.indexOf("shop", at + 1)) {
            if (at == 0) {
                return true;
            }
            char before = campaign.charAt(at - 1);
            if (!(before >= 'a' && before <= 'z' && before != 'e')) {
                return true;
            }
        }
        return false;
    }

    /** A {@code utm_source} written as a host ({@code facebook.com}), looked up as a referrer would be. */
    private static Optional<Referrer> hostOf(String utmSource) {
        return utmSource.indexOf('.') > 0 ? Optional.ofNullable(Referrer.parse(utmSource)) : Optional.empty();
    }

    private static String text(Map<String, PropertyValue> properties, String key) {
        PropertyValue value = properties.get(key);
        if (value == null) {
            return null;
        }
        String text = value.text();
        return text.isBlank() ? null : text;
    }

    private static String lower(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
