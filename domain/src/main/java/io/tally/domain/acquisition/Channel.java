package io.tally.domain.acquisition;

/**
 * The acquisition channels, in the order their rules are tried (Google Analytics 4's default channel group, with AI
 * assistants as a channel of their own). {@link #label()} is the name answers carry.
 */
public enum Channel {
    DIRECT("Direct"),
    CROSS_NETWORK("Cross-network"),
    PAID_SHOPPING("Paid Shopping"),
    PAID_SEARCH("Paid Search"),
    PAID_SOCIAL("Paid Social"),
    PAID_VIDEO("Paid Video"),
    DISPLAY("Display"),
    PAID_OTHER("Paid Other"),
    ORGANIC_SHOPPING("Organic Shopping"),
    ORGANIC_SOCIAL("Organic Social"),
    ORGANIC_VIDEO("Organic Video"),
    ORGANIC_SEARCH("Organic Search"),
    AI_ASSISTANTS("AI Assistants"),
    REFERRAL("Referral"),
    EMAIL("Email"),
    AFFILIATES("Affiliates"),
    AUDIO("Audio"),
    SMS("SMS"),
    MOBILE_PUSH("Mobile Push Notifications"),
    UNASSIGNED("Unassigned");

    private final String label;

    Channel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
