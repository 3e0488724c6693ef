package io.tally.domain.acquisition;

import java.util.Objects;

/** A referrer the lists know: its display name ({@code Google}) and kind. */
public record KnownSource(String name, SourceCategory category) {
    public KnownSource {
        Objects.requireNonNull(category, "category");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a known source needs a name");
        }
    }
}
