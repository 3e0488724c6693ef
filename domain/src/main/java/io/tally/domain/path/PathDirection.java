package io.tally.domain.path;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

public enum PathDirection implements Labelled {
    NEXT, PREVIOUS;

    public static Optional<PathDirection> fromLabel(String label) {
        return Labels.find(PathDirection.class, label);
    }
}
