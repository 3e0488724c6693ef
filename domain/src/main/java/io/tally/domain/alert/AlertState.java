package io.tally.domain.alert;

import io.tally.domain.label.Labelled;

import java.util.Locale;

/** Where an alert stands: {@code ok} (never fired), {@code firing}, or {@code resolved} (fired, then cleared). */
public enum AlertState implements Labelled {
    OK, FIRING, RESOLVED;

    public static AlertState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
