package io.tally.domain.query;

import io.tally.domain.time.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Writes a validated query as cache-key text, field by field: {@code name(part,part,…)}, text quoted, lists in
 * brackets, an absent optional as {@code -}. Only values with one canonical spelling are taken (a type it does not
 * know fails), so two spellings of one question, once validated, write the same key and two questions never do.
 */
public final class CacheKey {

    /** A value that writes its own key from its parts. */
    public interface Keyed {
        String cacheKey();
    }

    private CacheKey() {
    }

    public static String of(String name, Object... parts) {
        StringBuilder out = new StringBuilder(name).append('(');
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, parts[i]);
        }
        return out.append(')').toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            case Keyed keyed -> out.append(keyed.cacheKey());
            case Dimension dimension -> out.append(dimension.label());
            case Optional<?> optional -> {
                if (optional.isPresent()) {
                    write(out, optional.get());
                } else {
                    out.append('-');
                }
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case TimeRange range -> out.append(range.from()).append('/').append(range.to());
            case ZoneId zone -> out.append(zone.getId());
            case Enum<?> constant -> out.append(constant.name());
            case Integer number -> out.append(number);
            case Long number -> out.append(number);
            case Boolean flag -> out.append(flag);
            case Instant instant -> out.append(instant);
            case Duration duration -> out.append(duration);
            case LocalDate date -> out.append(date);
            default -> throw new IllegalArgumentException("no cache-key spelling for " + value.getClass().getName());
        }
    }
}
