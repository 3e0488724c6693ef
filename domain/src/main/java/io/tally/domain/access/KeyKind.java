package io.tally.domain.access;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do. A write key only sends events (safe in a browser or app); a read key only asks queries and
 * reads definitions; an admin key may do everything, including keys, definitions and dead-letter replay.
 */
public enum KeyKind {
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

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyKind> fromLabel(String label) {
        for (KeyKind kind : values()) {
            if (kind.label().equals(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
