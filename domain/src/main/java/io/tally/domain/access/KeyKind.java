package io.tally.domain.access;

import io.tally.domain.label.Labelled;
import io.tally.domain.label.Labels;

import java.util.Optional;

/**
 * What a key may do. A write key only sends events (safe in a browser or app); a read key only asks queries and
 * reads definitions; an admin key may do everything, including keys, definitions and dead-letter replay.
 */
public enum KeyKind implements Labelled {
    WRITE, READ, ADMIN;

    /** What a route needs. */
    public enum Scope { INGEST, QUERY, ADMIN }

    public boolean allows(Scope scope) {
        return switch (this) {
            case WRITE -> scope == Scope.INGEST;
            case READ -> scope == Scope.QUERY;
            case ADMIN -> true;
        };
    }

    public static Optional<KeyKind> fromLabel(String label) {
        return Labels.find(KeyKind.class, label);
    }
}
