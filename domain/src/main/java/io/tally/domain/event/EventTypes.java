package io.tally.domain.event;

import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.Optional;

/**
 * What an event type may be: the one rule ingest and every query that names an event type apply, so that anything
 * stored can be asked for. Clients name events as people read them ("Order Completed", "user signed up"), so any
 * script, spaces and punctuation are allowed; control characters are not (they are never part of a name, and break
 * the CSV and PDF answers and logs they would appear in).
 */
public final class EventTypes {

    public static final int MAX_LENGTH = 128;

    /** What a refusal says is allowed. */
    public static final String ALLOWED = "an event type is 1 to " + MAX_LENGTH + " characters: letters, digits, spaces, "
            + "punctuation and symbols of any script, not only spaces; no control characters (tab, line breaks, NUL) "
            + "and no lone surrogates";

    private EventTypes() {
    }

    /** Whether {@code type} is an event type, as the violation of {@code field} if it is not. */
    public static Optional<Violation> check(String field, String type) {
        if (type.isBlank()) {
            return Optional.of(new Violation(field, ViolationKind.BLANK, ALLOWED));
        }
        if (type.length() > MAX_LENGTH) {
            return Optional.of(new Violation(field, ViolationKind.TOO_LONG, ALLOWED));
        }
        if (type.chars().anyMatch(Character::isISOControl) || UnicodeText.problem(type).isPresent()) {
            return Optional.of(new Violation(field, ViolationKind.MALFORMED, ALLOWED));
        }
        return Optional.empty();
    }
}
