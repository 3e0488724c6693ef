package io.tally.domain.acquisition;

/** What kind of site a known referrer is, as the referrer lists sort them. */
public enum SourceCategory {
    SEARCH, SOCIAL, AI_ASSISTANT
}
