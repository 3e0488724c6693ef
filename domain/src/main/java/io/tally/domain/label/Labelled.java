package io.tally.domain.label;

import java.util.Locale;

/**
 * An enum whose constants have a name on the wire: by default the constant's name in lower case
 * ({@code BOUNCE_RATE} is {@code bounce_rate}). {@link Labels} finds a constant by its label.
 */
public interface Labelled {

    /** The constant's Java name; every enum has it. */
    String name();

    /** The name on the wire. */
    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
