package io.tally.domain.path;

import java.util.Locale;
import java.util.Optional;

public enum PathDirection {
    NEXT, PREVIOUS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PathDirection> fromLabel(String label) {
        for (PathDirection d : values()) {
            if (d.label().equals(label)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
