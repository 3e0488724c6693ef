package io.tally.domain.alert;

import java.util.Locale;

/** Where an alert stands: {@code ok} (never fired), {@code firing}, or {@code resolved} (fired, then cleared). */
public enum AlertState {
    OK, FIRING, RESOLVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
