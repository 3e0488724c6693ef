package io.tally.domain.event;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns a submitted event into an {@link Event} or the full list of what is wrong with it.
 *
 * <p>Decisions: nested property objects are flattened with dots ({@code {"plan":{"tier":"pro"}}} becomes
 * {@code plan.tier}); arrays are refused (they have no meaning in a metric or a filter); null properties are dropped;
 * a missing {@code timestamp} means "now" (the arrival time), or the time the caller names for it (a Kafka record's
 * own timestamp, so a replay of the record gives the event the same time); a missing {@code project_id} means the
 * caller's project. Timestamps keep millisecond precision so every store agrees on them.
 */
public final class EventValidator {

    /**
     * Property keys become JSON paths in queries, so they are held to a safe alphabet. Ingest checks it with
     * {@link #isPropertyKey}, the same rule without a regex engine.
     */
    public static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9_$@][A-Za-z0-9_$@.:/-]*");
    private static final Set<String> KNOWN_FIELDS = Set.of("event_id", "project_id", "user_id", "session_id",
            "event_type", "timestamp", "properties", "user_agent", "ip_address");
    private static final String UNKNOWN_FIELD = "unknown field; known fields are "
            + String.join(", ", KNOWN_FIELDS.stream().sorted().toList());

    private final EventLimits limits;

    public EventValidator(EventLimits limits) {
        this.limits = limits;
    }

    /**
     * Validates one submitted event.
     *
     * @param defaultProject the project of an event that names none
     * @param knownProject   which project ids exist
     * @param receivedAt     the arrival time, the reference for "future" and "retention"
     */
    public Validated<Event> validate(SubmittedEvent submitted, String defaultProject, Predicate<String> knownProject,
                                     Instant receivedAt) {
        return validate(submitted, defaultProject, knownProject, receivedAt, receivedAt);
    }

    /**
     * Validates one submitted event whose time, when it gives none, is {@code untimedAt} rather than the arrival time.
     *
     * @param receivedAt the arrival time, the reference for "future" and "retention" (also of {@code untimedAt})
     * @param untimedAt  the time of an event without a {@code timestamp}
     */
    public Validated<Event> validate(SubmittedEvent submitted, String defaultProject, Predicate<String> knownProject,
                                     Instant receivedAt, Instant untimedAt) {
        return switch (submitted) {
            case SubmittedEvent.Unreadable unreadable -> new Validated.Invalid<>(List.of(
                    new Violation(unreadable.field(), ViolationKind.MALFORMED, unreadable.reason())));
            case SubmittedEvent.Fields fields ->
                    validateFields(fields.values(), defaultProject, knownProject, receivedAt, untimedAt);
        };
    }

    private Validated<Event> validateFields(Map<String, Object> fields, String defaultProject,
                                            Predicate<String> knownProject, Instant receivedAt, Instant untimedAt) {
        List<Violation> violations = new ArrayList<>();
        for (String key : fields.keySet()) {
            if (!KNOWN_FIELDS.contains(key)) {
                violations.add(new Violation(key, ViolationKind.UNKNOWN_FIELD, UNKNOWN_FIELD));
            }
        }
        String eventId = requiredId(fields, "event_id", violations);
        String userId = requiredId(fields, "user_id", violations);
        String sessionId = requiredId(fields, "session_id", violations);
        String eventType = eventType(requiredId(fields, "event_type", violations), violations);
        String projectId = optionalString(fields, "project_id", limits.maxIdLength(), violations);
        if (projectId == null) {
            projectId = defaultProject;
        } else if (projectId.isBlank()) {
            violations.add(new Violation("project_id", ViolationKind.BLANK, "must not be blank"));
        } else if (!knownProject.test(projectId)) {
            violations.add(new Violation("project_id", ViolationKind.UNKNOWN_PROJECT, "no such project"));
        }
        Instant timestamp = timestamp(fields.get("timestamp"), receivedAt, untimedAt, violations);
        Flattening flattened = properties(fields.get("properties"), violations);
        Map<String, PropertyValue> properties = flattened.properties();
        Revenue.violation(properties).ifPresent(violations::add);
        String userAgent = optionalString(fields, "user_agent", limits.maxUserAgentLength(), violations);
        String ipAddress = optionalString(fields, "ip_address", 64, violations);
        if (ipAddress != null && !ipAddress.isEmpty() && !IpLiteral.isValid(ipAddress)) {
            violations.add(new Violation("ip_address", ViolationKind.MALFORMED,
                    "must be an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1)"));
        }
        if (!violations.isEmpty()) {
            return new Validated.Invalid<>(violations);
        }
        Event event = new Event(eventId, projectId, userId, sessionId, eventType, timestamp, properties,
                userAgent, ipAddress, receivedAt);
        int size = EventSize.of(event, flattened.bytes);
        if (size > limits.maxEventBytes()) {
            return new Validated.Invalid<>(List.of(new Violation("", ViolationKind.TOO_LARGE,
                    "event is " + size + " bytes; the limit is " + limits.maxEventBytes())));
        }
        return new Validated.Valid<>(event);
    }

    private String requiredId(Map<String, Object> fields, String name, List<Violation> violations) {
        Object value = fields.get(name);
        if (value == null) {
            violations.add(new Violation(name, ViolationKind.MISSING, "is required"));
            return null;
        }
        if (!(value instanceof String text)) {
            violations.add(new Violation(name, ViolationKind.WRONG_TYPE, "must be a string"));
            return null;
        }
        if (text.isBlank()) {
            violations.add(new Violation(name, ViolationKind.BLANK, "must not be blank"));
            return null;
        }
        if (text.length() > limits.maxIdLength()) {
            violations.add(new Violation(name, ViolationKind.TOO_LONG,
                    "must be at most " + limits.maxIdLength() + " characters"));
            return null;
        }
        return unicode(name, text, violations);
    }

    /** The event type, held to the rule every query applies too (null after a violation). */
    private static String eventType(String type, List<Violation> violations) {
        if (type == null) {
            return null;
        }
        Optional<Violation> problem = EventTypes.check("event_type", type);
        problem.ifPresent(violations::add);
        return problem.isPresent() ? null : type;
    }

    /** The text, or null after a violation when it is not valid Unicode (so the stores would change it). */
    private static String unicode(String field, String text, List<Violation> violations) {
        Optional<String> problem = UnicodeText.problem(text);
        problem.ifPresent(message -> violations.add(new Violation(field, ViolationKind.MALFORMED, message)));
        return problem.isPresent() ? null : text;
    }

    private String optionalString(Map<String, Object> fields, String name, int maxLength, List<Violation> violations) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            violations.add(new Violation(name, ViolationKind.WRONG_TYPE, "must be a string"));
            return null;
        }
        if (text.length() > maxLength) {
            violations.add(new Violation(name, ViolationKind.TOO_LONG, "must be at most " + maxLength + " characters"));
            return null;
        }
        return unicode(name, text, violations);
    }

    private Instant timestamp(Object value, Instant receivedAt, Instant untimedAt, List<Violation> violations) {
        Instant parsed;
        if (value == null) {
            parsed = untimedAt;
        } else if (value instanceof String text) {
            try {
                parsed = OffsetTimestamp.parse(text);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("timestamp", ViolationKind.MALFORMED,
                        "must be an ISO-8601 date-time with an offset (2026-11-28T10:15:30Z) or epoch milliseconds"));
                return null;
            }
        } else if (value instanceof Integer || value instanceof Long) {
            parsed = Instant.ofEpochMilli(((Number) value).longValue());
        } else {
            violations.add(new Violation("timestamp", ViolationKind.WRONG_TYPE,
                    "must be an ISO-8601 string or integer epoch milliseconds"));
            return null;
        }
        parsed = parsed.truncatedTo(ChronoUnit.MILLIS);
        if (parsed.isAfter(receivedAt.plus(limits.futureTolerance()))) {
            violations.add(new Violation("timestamp", ViolationKind.OUT_OF_RANGE,
                    "is more than " + limits.futureTolerance().toHours() + " hours in the future"));
            return null;
        }
        if (!limits.retention().keeps(parsed, receivedAt)) {
            violations.add(new Violation("timestamp", ViolationKind.OUT_OF_RANGE, "is older than the retention of "
                    + limits.retention().days() + " days: events before " + limits.retention().horizon(receivedAt)
                    + " are not kept"));
            return null;
        }
        return parsed;
    }

    private Flattening properties(Object value, List<Violation> violations) {
        if (value == null) {
            return new Flattening(false);
        }
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation("properties", ViolationKind.WRONG_TYPE, "must be an object"));
            return new Flattening(false);
        }
        Flattening flat = new Flattening(mayCollide(map));
        int before = violations.size();
        flatten("", map, 1, flat, violations);
        if (violations.size() == before && flat.size() > limits.maxProperties()) {
            violations.add(new Violation("properties", ViolationKind.TOO_MANY,
                    "has " + flat.size() + " properties; the limit is " + limits.maxProperties()));
        }
        return flat;
    }

    /** Whether two flattened names can be alike: only through a nested object (one map's own keys are distinct). */
    private static boolean mayCollide(Map<?, ?> properties) {
        for (Map.Entry<?, ?> entry : properties.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> || !(entry.getKey() instanceof String)) {
                return true;
            }
        }
        return false;
    }

    private void flatten(String prefix, Map<?, ?> map, int depth, Flattening flat, List<Violation> violations) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String key = prefix.isEmpty() ? name : prefix + name;
            if (!(entry.getValue() instanceof Map<?, ?>) && !flat.firstNamed(key)) {
                violations.add(new Violation(path(key), ViolationKind.DUPLICATE, "is sent twice, as a name with dots "
                        + "and as nested objects, which flatten alike; send one of them"));
                continue;
            }
            if (!isPropertyKey(name)) {
                violations.add(new Violation(path(key), ViolationKind.MALFORMED,
                        "property names use letters, digits and _ $ @ . : / - and do not start with a punctuation mark other than _ $ @"));
                continue;
            }
            if (key.length() > limits.maxIdLength()) {
                violations.add(new Violation(path(key), ViolationKind.TOO_LONG,
                        "property names are at most " + limits.maxIdLength() + " characters"));
                continue;
            }
            switch (entry.getValue()) {
                case null -> { /* a null property carries no information: dropped */ }
                case String text when text.length() > limits.maxStringLength() -> violations.add(new Violation(path(key),
                        ViolationKind.TOO_LONG, "must be at most " + limits.maxStringLength() + " characters"));
                case String text when UnicodeText.problem(text).isPresent() -> violations.add(new Violation(path(key),
                        ViolationKind.MALFORMED, UnicodeText.problem(text).orElseThrow()));
                case String text -> flat.put(key, new PropertyValue.Text(text));
                case Boolean flag -> flat.put(key, new PropertyValue.Flag(flag));
                case Double number when number.isNaN() || number.isInfinite() -> violations.add(new Violation(path(key),
                        ViolationKind.MALFORMED, "must be a finite number"));
                case Number number -> number(key, PropertyNumbers.exact(number), flat, violations);
                case Map<?, ?> nested when depth >= limits.maxPropertyDepth() -> violations.add(new Violation(path(key),
                        ViolationKind.TOO_LARGE, "nests deeper than " + limits.maxPropertyDepth() + " levels"));
                case Map<?, ?> nested -> flatten(key + ".", nested, depth + 1, flat, violations);
                case List<?> ignored -> violations.add(new Violation(path(key), ViolationKind.UNSUPPORTED,
                        "arrays are not supported; send a string, number, boolean or object"));
                default -> violations.add(new Violation(path(key), ViolationKind.WRONG_TYPE,
                        "must be a string, number, boolean or object"));
            }
        }
    }

    /** The field a violation of a property names (built only for a violation: most properties have none). */
    private static String path(String key) {
        return "properties." + key;
    }

    /** A numeric property: revenue under its own rule (checked once flattened), any other within PropertyNumbers. */
    private static void number(String key, BigDecimal value, Flattening flat, List<Violation> violations) {
        Optional<String> problem = key.equals(Revenue.PROPERTY) ? Optional.empty() : PropertyNumbers.problem(value);
        if (problem.isPresent()) {
            violations.add(new Violation(path(key), ViolationKind.OUT_OF_RANGE, problem.get()));
        } else {
            flat.put(key, new PropertyValue.Numeric(value));
        }
    }

    /**
     * Whether {@code key} matches {@link #PROPERTY_KEY}: a letter, digit, {@code _}, {@code $} or {@code @}, then any
     * of those or {@code . : / -}.
     */
    static boolean isPropertyKey(String key) {
        if (key.isEmpty() || !isPropertyKeyStart(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!isPropertyKeyStart(c) && c != '.' && c != ':' && c != '/' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPropertyKeyStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c == '@';
    }

    /**
     * Properties as they are flattened: the kept ones in order, made into the event's immutable map once, and the bytes
     * they add to the event's size, counted as they come.
     */
    private static final class Flattening {
        private final List<Map.Entry<String, PropertyValue>> entries = new ArrayList<>();
        /** Every flattened name met so far, nulls included: a second one would silently replace the first. */
        private final Set<String> named;
        private int bytes;

        /** @param mayCollide whether names must be remembered (else each name is known to be the first) */
        Flattening(boolean mayCollide) {
            this.named = mayCollide ? new HashSet<>() : null;
        }

        /** Whether no property flattened so far has this name, which is now met. */
        boolean firstNamed(String key) {
            return named == null || named.add(key);
        }

        void put(String key, PropertyValue value) {
            entries.add(Map.entry(key, value));
            bytes += EventSize.of(key, value);
        }

        int size() {
            return entries.size();
        }

        /** The names are distinct ({@link #firstNamed}), so the map holds every entry. */
        @SuppressWarnings("unchecked")
        Map<String, PropertyValue> properties() {
            return Map.ofEntries(entries.toArray(new Map.Entry[0]));
        }
    }
}
