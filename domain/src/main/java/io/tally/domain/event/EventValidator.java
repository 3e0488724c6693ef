package io.tally.domain.event;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * a missing {@code timestamp} means "now" (the arrival time); a missing {@code project_id} means the caller's
 * project. Timestamps keep millisecond precision so every store agrees on them.
 */
public final class EventValidator {

    /** Property keys become JSON paths in queries, so they are held to a safe alphabet. */
    public static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9_$@][A-Za-z0-9_$@.:/-]*");
    private static final Set<String> KNOWN_FIELDS = Set.of("event_id", "project_id", "user_id", "session_id",
            "event_type", "timestamp", "properties", "user_agent", "ip_address");

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
        return switch (submitted) {
            case SubmittedEvent.Unreadable unreadable -> new Validated.Invalid<>(List.of(
                    new Violation(unreadable.field(), ViolationKind.MALFORMED, unreadable.reason())));
            case SubmittedEvent.Fields fields -> validateFields(fields.values(), defaultProject, knownProject, receivedAt);
        };
    }

    private Validated<Event> validateFields(Map<String, Object> fields, String defaultProject,
                                            Predicate<String> knownProject, Instant receivedAt) {
        List<Violation> violations = new ArrayList<>();
        for (String key : fields.keySet()) {
            if (!KNOWN_FIELDS.contains(key)) {
                violations.add(new Violation(key, ViolationKind.UNKNOWN_FIELD,
                        "unknown field; known fields are " + String.join(", ", KNOWN_FIELDS.stream().sorted().toList())));
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
        Instant timestamp = timestamp(fields.get("timestamp"), receivedAt, violations);
        Map<String, PropertyValue> properties = properties(fields.get("properties"), violations);
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
        int size = EventSize.of(event);
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

    private Instant timestamp(Object value, Instant receivedAt, List<Violation> violations) {
        Instant parsed;
        if (value == null) {
            parsed = receivedAt;
        } else if (value instanceof String text) {
            try {
                parsed = OffsetDateTime.parse(text).toInstant();
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

    private Map<String, PropertyValue> properties(Object value, List<Violation> violations) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation("properties", ViolationKind.WRONG_TYPE, "must be an object"));
            return Map.of();
        }
        Map<String, PropertyValue> flat = new LinkedHashMap<>();
        int before = violations.size();
        flatten("", map, 1, flat, new HashSet<>(), violations);
        if (violations.size() == before && flat.size() > limits.maxProperties()) {
            violations.add(new Violation("properties", ViolationKind.TOO_MANY,
                    "has " + flat.size() + " properties; the limit is " + limits.maxProperties()));
        }
        return flat;
    }

    /** @param named every flattened name met so far, nulls included: a second one would silently replace the first */
    private void flatten(String prefix, Map<?, ?> map, int depth, Map<String, PropertyValue> flat, Set<String> named,
                         List<Violation> violations) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            String path = "properties." + key;
            if (!(entry.getValue() instanceof Map<?, ?>) && !named.add(key)) {
                violations.add(new Violation(path, ViolationKind.DUPLICATE, "is sent twice, as a name with dots and "
                        + "as nested objects, which flatten alike; send one of them"));
                continue;
            }
            if (!PROPERTY_KEY.matcher(String.valueOf(entry.getKey())).matches()) {
                violations.add(new Violation(path, ViolationKind.MALFORMED,
                        "property names use letters, digits and _ $ @ . : / - and do not start with a punctuation mark other than _ $ @"));
                continue;
            }
            if (key.length() > limits.maxIdLength()) {
                violations.add(new Violation(path, ViolationKind.TOO_LONG,
                        "property names are at most " + limits.maxIdLength() + " characters"));
                continue;
            }
            switch (entry.getValue()) {
                case null -> { /* a null property carries no information: dropped */ }
                case String text when text.length() > limits.maxStringLength() -> violations.add(new Violation(path,
                        ViolationKind.TOO_LONG, "must be at most " + limits.maxStringLength() + " characters"));
                case String text when UnicodeText.problem(text).isPresent() -> violations.add(new Violation(path,
                        ViolationKind.MALFORMED, UnicodeText.problem(text).orElseThrow()));
                case String text -> flat.put(key, new PropertyValue.Text(text));
                case Boolean flag -> flat.put(key, new PropertyValue.Flag(flag));
                case Double number when number.isNaN() || number.isInfinite() -> violations.add(new Violation(path,
                        ViolationKind.MALFORMED, "must be a finite number"));
                case Number number -> number(key, path, PropertyNumbers.exact(number), flat, violations);
                case Map<?, ?> nested when depth >= limits.maxPropertyDepth() -> violations.add(new Violation(path,
                        ViolationKind.TOO_LARGE, "nests deeper than " + limits.maxPropertyDepth() + " levels"));
                case Map<?, ?> nested -> flatten(key + ".", nested, depth + 1, flat, named, violations);
                case List<?> ignored -> violations.add(new Violation(path, ViolationKind.UNSUPPORTED,
                        "arrays are not supported; send a string, number, boolean or object"));
                default -> violations.add(new Violation(path, ViolationKind.WRONG_TYPE,
                        "must be a string, number, boolean or object"));
            }
        }
    }

    /** A numeric property: revenue under its own rule (checked once flattened), any other within PropertyNumbers. */
    private static void number(String key, String path, BigDecimal value, Map<String, PropertyValue> flat,
                               List<Violation> violations) {
        Optional<String> problem = key.equals(Revenue.PROPERTY) ? Optional.empty() : PropertyNumbers.problem(value);
        if (problem.isPresent()) {
            violations.add(new Violation(path, ViolationKind.OUT_OF_RANGE, problem.get()));
        } else {
            flat.put(key, new PropertyValue.Numeric(value));
        }
    }

    /** The size an event counts against the limit: the UTF-8 bytes of its field names and values. */
    static final class EventSize {
        private EventSize() {
        }

        static int of(Event event) {
            int size = bytes(event.eventId()) + bytes(event.projectId()) + bytes(event.userId())
                    + bytes(event.sessionId()) + bytes(event.eventType()) + bytes(event.userAgent())
                    + bytes(event.ipAddress()) + 24 /* timestamp */ + 80 /* field names */;
            for (Map.Entry<String, PropertyValue> property : event.properties().entrySet()) {
                size += bytes(property.getKey()) + bytes(String.valueOf(property.getValue().plain())) + 4;
            }
            return size;
        }

        private static int bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
