package io.tally.domain.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An event as the typed layout stores it: hashed ids for counting, the standard dimensions in columns of their own,
 * the counted revenue, and the properties no column holds. Computed here once so both stores write identical rows.
 *
 * <p>A promoted column holds the property's value as text ({@link PropertyValue#text()}), which is what grouping and
 * the text filters compare, so a column answers exactly as the property would. A promoted property whose value is
 * text lives only in its column; one that is a number or a flag stays in {@code rest} as well (number filters and
 * exports need its type), so {@link #event()} gives back the event unchanged.
 *
 * @param promoted one entry per {@link #PROMOTED_KEYS} key, in that order, null where the event lacks it
 * @param revenue  the amount the event adds to revenue ({@link Revenue#amount}), null when it adds none
 * @param rest     every property not held by a column alone: the event's own map, or a view of it without the
 *                 promoted text properties (never a copy)
 */
public record EventColumns(Event event, long userHash, long sessionHash, List<String> promoted, BigDecimal revenue,
                           Map<String, PropertyValue> rest) {

    /** The properties with a column of their own: the named dimensions and the page path. */
    public static final List<String> PROMOTED_KEYS = List.of("path", "referrer", "utm_source", "utm_medium",
            "utm_campaign", "country", "region", "city", "browser", "os", "device");

    public static EventColumns of(Event event) {
        Map<String, PropertyValue> properties = event.properties();
        ArrayList<String> promoted = new ArrayList<>(PROMOTED_KEYS.size());
        boolean columnOnly = false;
        for (String key : PROMOTED_KEYS) {
            PropertyValue value = properties.get(key);
            promoted.add(value == null ? null : value.text());
            columnOnly |= value instanceof PropertyValue.Text;
        }
        return new EventColumns(event, IdHash.of(event.userId()), IdHash.of(event.sessionId()),
                Collections.unmodifiableList(promoted), Revenue.amount(properties).orElse(null),
                columnOnly ? new PropertiesBesideColumns(properties) : properties);
    }

    /** The column value of a promoted key, if the event has it. */
    public Optional<String> promoted(String key) {
        int index = PROMOTED_KEYS.indexOf(key);
        if (index < 0) {
            throw new IllegalArgumentException("not a promoted key: " + key);
        }
        return Optional.ofNullable(promoted.get(index));
    }

    /**
     * The properties of a stored row read back: the kept ones, and each promoted column whose key they lack, as
     * text (a key they hold is a number or flag whose column is only its text).
     */
    public static Map<String, PropertyValue> properties(Map<String, PropertyValue> rest, List<String> promoted) {
        if (promoted.size() != PROMOTED_KEYS.size()) {
            throw new IllegalArgumentException("one value per promoted key, got " + promoted.size());
        }
        Map<String, PropertyValue> properties = new LinkedHashMap<>(rest);
        for (int i = 0; i < PROMOTED_KEYS.size(); i++) {
            String value = promoted.get(i);
            if (value != null) {
                properties.putIfAbsent(PROMOTED_KEYS.get(i), PropertyValue.of(value));
            }
        }
        return properties;
    }

    /** When the event happened: the column the rows are clustered by. */
    public Instant timestamp() {
        return event.timestamp();
    }
}
