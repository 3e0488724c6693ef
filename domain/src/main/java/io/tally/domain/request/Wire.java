package io.tally.domain.request;

import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a request body given as plain Java values (maps, lists, strings, numbers, booleans, as any JSON or
 * GraphQL layer produces them), collecting a {@link Violation} per field instead of failing on the first.
 */
final class Wire {

    final List<Violation> violations = new ArrayList<>();

    void violation(String field, ViolationKind kind, String message) {
        violations.add(new Violation(field, kind, message));
    }

    /** The body as an object, rejecting fields not in {@code known}. */
    Map<String, Object> object(Object value, String field, Set<String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            violation(field.isEmpty() ? "body" : field, ViolationKind.WRONG_TYPE, "must be a JSON object");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                violation(join(field, key), ViolationKind.UNKNOWN_FIELD, "is not a field here; known fields are "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return object;
    }

    Optional<String> text(Map<String, Object> object, String key, String field) {
        Object value = object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        violation(field, ViolationKind.WRONG_TYPE, "must be a string");
        return Optional.empty();
    }

    String requiredText(Map<String, Object> object, String key, String field) {
        Optional<String> text = text(object, key, field);
        if (text.isEmpty() && !object.containsKey(key)) {
            violation(field, ViolationKind.MISSING, "is required");
        } else if (text.isPresent() && text.get().isBlank()) {
            violation(field, ViolationKind.BLANK, "must not be blank");
            return null;
        }
        return text.orElse(null);
    }

    Optional<Integer> integer(Map<String, Object> object, String key, String field, int min, int max) {
        Object value = object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0) {
            // compared whole: a number beyond a long must not wrap into the range
            BigDecimal v = new BigDecimal(n.toString());
            if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
                violation(field, ViolationKind.OUT_OF_RANGE, "must be from " + min + " to " + max);
                return Optional.empty();
            }
            return Optional.of(v.intValueExact());
        }
        violation(field, ViolationKind.WRONG_TYPE, "must be a whole number");
        return Optional.empty();
    }

    Optional<Boolean> flag(Map<String, Object> object, String key, String field) {
        Object value = object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        violation(field, ViolationKind.WRONG_TYPE, "must be true or false");
        return Optional.empty();
    }

    /** A list; a missing list is empty. */
    List<Object> list(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        violation(field, ViolationKind.WRONG_TYPE, "must be an array");
        return List.of();
    }

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    /** A duration written as a number and a unit ({@code 90s}, {@code 30m}, {@code 2h}, {@code 14d}), within bounds. */
    Optional<Duration> duration(Map<String, Object> object, String key, Duration min, Duration max) {
        Optional<String> text = text(object, key, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.get());
        if (!m.matches()) {
            violation(key, ViolationKind.MALFORMED, "must be a number and a unit: 90s, 30m, 2h or 14d");
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            violation(key, ViolationKind.OUT_OF_RANGE, "must be between " + words(min) + " and " + words(max));
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    static String words(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    static String join(String field, String key) {
        return field.isEmpty() ? key : field + "." + key;
    }

    static String index(String field, int i) {
        return field + "[" + i + "]";
    }
}
