package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.EventColumns;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A session fragment's entry and exit as text (migration 15), kept by {@code min} and {@code max} in place of argMin and
 * argMax states of tuples: decoding such a state costs about 2 µs a row and merging them far more (at 10 M events a
 * 30-day session report by entry page took 5 s, the same report by day, which reads no entry, 0.2 s).
 * <p>
 * The text starts with the event's order, so the least text is the first event by (ts, event id) and the greatest the
 * last: the time in epoch milliseconds as 20 digits, then the event id in hex (which keeps the ids' byte order and holds
 * no byte below {@code '0'}, so an id that is a prefix of another sorts first, as in the tuple). Each value follows after
 * a {@code \x01}: empty for NULL, else {@code v} and the value with {@code %} and {@code \x01} percent-escaped, which
 * {@code decodeURLComponent} restores exactly (no other {@code %} is left to decode).
 */
final class FragmentTexts {

    private static final String SEPARATOR = "'\\x01'";

    /** The values an entry keeps: the event type, then the promoted columns in {@link EventColumns#PROMOTED_KEYS} order. */
    static final List<String> ENTRY_VALUES;

    static {
        List<String> values = new ArrayList<>(List.of("event_type"));
        values.addAll(EventColumns.PROMOTED_KEYS);
        ENTRY_VALUES = List.copyOf(values);
    }

    private FragmentTexts() {
    }

    /** The entry text of an events row. */
    static String entryOfEvent() {
        return text(ENTRY_VALUES);
    }

    /** The exit text of an events row: its path. */
    static String exitOfEvent() {
        return text(List.of("path"));
    }

    /** The event type read back from the entry text in {@code column}. */
    static String eventType(String column) {
        return "decodeURLComponent(substring(" + field(column, 0) + ", 2))";
    }

    /** The {@code index}-th value (the event type is 0) read back from the text in {@code column}, NULL where it was. */
    static String value(String column, int index) {
        String field = field(column, index);
        return "if(" + field + " = '', CAST(NULL AS Nullable(String)), decodeURLComponent(substring(" + field + ", 2)))";
    }

    /** Splits no further than the field: the rest of the text stays in one last piece, which is never read. */
    private static String field(String column, int index) {
        return "splitByChar(" + SEPARATOR + ", " + column + ", " + (index + 3) + ")[" + (index + 2) + "]";
    }

    private static String text(List<String> columns) {
        String order = "leftPad(toString(toUnixTimestamp64Milli(ts)), 20, '0'), hex(event_id)";
        return "concat(" + order + ", " + columns.stream()
                .map(c -> SEPARATOR + ", ifNull(concat('v', replaceAll(replaceAll(toString(" + c + "), '%', '%25'), "
                        + SEPARATOR + ", '%01')), '')")
                .collect(Collectors.joining(", ")) + ")";
    }
}
