package io.tally.domain.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tally.domain.validation.ViolationKind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The pattern of a {@code matches} filter: RE2 syntax, found anywhere in the value, as DuckDB's {@code regexp_matches}
 * and ClickHouse's {@code match} run it ({@code .} does not match a newline unless {@code (?s)}). Tally evaluates it
 * with RE2/J, whose time is linear in the value's length, never with a backtracking engine. A pattern either store
 * would refuse, or too large to evaluate cheaply, is refused here, with the reason. The only class that uses RE2/J.
 */
public final class FilterPattern {

    /** Characters in a pattern. */
    public static final int MAX_LENGTH = 256;
    /** RE2/J instructions of one pattern: its cost per character of a value (1,024 characters at most). */
    public static final int MAX_INSTRUCTIONS = 2_000;
    /** Half of what the stores' RE2 compiles (measured on both: 699,050 instructions), against an upper bound. */
    static final long MAX_STORE_INSTRUCTIONS = 350_000;
    /**
     * Characters of a pattern as RE2/J reads it, Unicode classes spelled out ({@code \p{L}} is about 2,200): RE2/J's
     * parser takes time growing with the square of that length (8,192: about 30 ms).
     */
    public static final int MAX_SPELLED_OUT = 8_192;
    /** All the patterns of one query together: twice what one may be. */
    public static final int MAX_QUERY_INSTRUCTIONS = 2 * MAX_INSTRUCTIONS;
    public static final int MAX_QUERY_SPELLED_OUT = 2 * MAX_SPELLED_OUT;

    private final String text;
    private final String portable;
    private final Pattern compiled;

    private FilterPattern(String text, String portable, Pattern compiled) {
        this.text = text;
        this.portable = portable;
        this.compiled = compiled;
    }

    /** Whether a pattern can be used, and why not. */
    public sealed interface Checked {
        record Valid(FilterPattern pattern) implements Checked {
        }

        record Refused(ViolationKind kind, String reason) implements Checked {
        }
    }

    /**
     * The last patterns checked: a query's patterns are checked by its request, its filters, its SQL and live tallies,
     * and an alert's every minute. Bounded; the worst holds about 100 KB each.
     */
    private static final Map<String, Checked> RECENT = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
            return size() > 128;
        }
    });

    /** Checks {@code text} as a {@code matches} pattern. */
    public static Checked check(String text) {
        Objects.requireNonNull(text, "text");
        Checked known = RECENT.get(text);
        if (known == null) {
            known = checked(text);
            RECENT.put(text, known);
        }
        return known;
    }

    private static Checked checked(String text) {
        if (text.length() > MAX_LENGTH) {
            return new Checked.Refused(ViolationKind.TOO_LONG, "a pattern has at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return new Checked.Refused(ViolationKind.MALFORMED, "a pattern cannot hold NUL (ClickHouse ends the pattern there)");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(++i)))) {
                return new Checked.Refused(ViolationKind.MALFORMED, "is not valid Unicode (a lone surrogate)");
            }
        }
        return switch (PatternSyntax.read(text)) {
            case PatternSyntax.Reading.Refused refused -> new Checked.Refused(refused.kind(), refused.kind() == ViolationKind.TOO_LARGE
                    ? refused.reason() : "is not an RE2 pattern (the syntax of DuckDB and ClickHouse): " + refused.reason());
            case PatternSyntax.Reading.Read read -> compiled(text, read);
        };
    }

    private static Checked compiled(String text, PatternSyntax.Reading.Read read) {
        if (read.storeInstructions() > MAX_STORE_INSTRUCTIONS) {
            return new Checked.Refused(ViolationKind.TOO_LARGE, "is too large for the stores' RE2: repeat Unicode classes, . or"
                    + " negated classes fewer times");
        }
        if (read.instructions() > 4L * MAX_INSTRUCTIONS) { // an upper bound: compiling it would be wasted work
            return tooLarge(read.instructions());
        }
        if (read.rewritten().length() > MAX_SPELLED_OUT) {
            return new Checked.Refused(ViolationKind.TOO_LARGE, "spells out more than " + MAX_SPELLED_OUT
                    + " characters of Unicode classes (\\p{L} is about 2,200)");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(read.rewritten());
        } catch (PatternSyntaxException e) {
            return new Checked.Refused(ViolationKind.MALFORMED, "is not an RE2 pattern (the syntax of DuckDB and ClickHouse): "
                    + e.getDescription() + ": " + e.getPattern());
        }
        if (compiled.programSize() > MAX_INSTRUCTIONS) {
            return tooLarge(compiled.programSize());
        }
        return new Checked.Valid(new FilterPattern(text, read.portable(), compiled));
    }

    private static Checked tooLarge(long instructions) {
        return new Checked.Refused(ViolationKind.TOO_LARGE, "compiles to " + (instructions > 4L * MAX_INSTRUCTIONS ? "over " : "")
                + Math.min(instructions, 4L * MAX_INSTRUCTIONS) + " instructions, at most " + MAX_INSTRUCTIONS
                + " (every repetition counts: a{500} is 500)");
    }

    /** The pattern of {@code text}; throws {@link IllegalArgumentException} with the reason when it is refused. */
    public static FilterPattern of(String text) {
        return switch (check(text)) {
            case Checked.Valid valid -> valid.pattern();
            case Checked.Refused refused -> throw new IllegalArgumentException(refused.reason() + ": " + text);
        };
    }

    /** Whether the pattern is found anywhere in {@code value}. */
    public boolean foundIn(String value) {
        return compiled.matcher(value).find();
    }

    /** The RE2/J instructions it runs: the cost of one character of a value. */
    public int instructions() {
        return compiled.programSize();
    }

    /** Its length as RE2/J reads it, Unicode classes spelled out: the cost of checking it. */
    public int spelledOut() {
        return compiled.pattern().length();
    }

    public String text() {
        return text;
    }

    /**
     * The pattern as a store's RE2 must be given it to mean the same: {@code (?-s)} first (ClickHouse's {@code match}
     * lets {@code .} match a newline unless told), characters outside ASCII as {@code \x{…}} (ClickHouse's
     * {@code match} reads {@code é?} as a repetition of the character's last byte).
     */
    public String portable() {
        return portable;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FilterPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
