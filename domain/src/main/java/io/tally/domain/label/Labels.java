package io.tally.domain.label;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The constants of a {@link Labelled} enum by label, from a table built once per enum. */
public final class Labels {

    private static final ClassValue<Map<String, Object>> TABLES = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> table = new LinkedHashMap<>();
            for (Object constant : type.getEnumConstants()) {
                String label = ((Labelled) constant).label();
                if (table.putIfAbsent(label, constant) != null) {
                    throw new IllegalStateException(type.getSimpleName() + " has two constants labelled " + label);
                }
            }
            return Collections.unmodifiableMap(table);
        }
    };

    private Labels() {
    }

    /** The constant of {@code type} labelled {@code label}, if there is one (labels are case-sensitive). */
    public static <E extends Enum<E> & Labelled> Optional<E> find(Class<E> type, String label) {
        return Optional.ofNullable(label).map(TABLES.get(type)::get).map(type::cast);
    }

    /** Every label of {@code type}, in declaration order, separated by commas: {@code line, bar, table}. */
    public static <E extends Enum<E> & Labelled> String list(Class<E> type) {
        return String.join(", ", TABLES.get(type).keySet());
    }
}
