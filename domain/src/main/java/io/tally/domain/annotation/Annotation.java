package io.tally.domain.annotation;

import io.tally.domain.event.UnicodeText;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A note pinned to a moment of a project's time line ("launched the new pricing page"), shown with every time-series
 * answer whose range holds it. Its id is given when it is created.
 */
public record Annotation(String id, Instant at, String text) {

    /** Ids as Tally makes them: 16 lower-case hex digits. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    public static final int MAX_TEXT = 1_000;

    public Annotation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an annotation id: " + id);
        }
        if (text.isBlank() || text.length() > MAX_TEXT || UnicodeText.problem(text).isPresent()) {
            throw new IllegalArgumentException("an annotation's text is 1 to " + MAX_TEXT + " characters");
        }
    }

    /** A fresh id for a new annotation. */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
