package io.tally.domain.query;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/**
 * How exact a report's visitor counts must be: {@code exact} (the default) or {@code approximate}, which lets
 * visitors and converted visitors be estimated from {@link VisitorSketch}es when the report allows it.
 */
public enum Accuracy implements Labelled {
    EXACT, APPROXIMATE;

    public static Optional<Accuracy> fromLabel(String label) {
        return Labels.find(Accuracy.class, label);
    }
}
