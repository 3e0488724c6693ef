package io.tally.domain.event;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An event's properties less the text ones a promoted column holds ({@link EventColumns#rest}), as a view: the event's
 * map is immutable, so nothing is copied for a row that is written once and dropped.
 */
final class PropertiesBesideColumns extends AbstractMap<String, PropertyValue> {

    private static final Set<String> PROMOTED = Set.copyOf(EventColumns.PROMOTED_KEYS);

    private final Map<String, PropertyValue> properties;
    private final int size;

    /** @param properties immutable */
    PropertiesBesideColumns(Map<String, PropertyValue> properties) {
        this.properties = properties;
        int kept = 0;
        for (Map.Entry<String, PropertyValue> entry : properties.entrySet()) {
            kept += kept(entry.getKey(), entry.getValue()) ? 1 : 0;
        }
        this.size = kept;
    }

    private static boolean kept(String key, PropertyValue value) {
        return !(value instanceof PropertyValue.Text && PROMOTED.contains(key));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public PropertyValue get(Object key) {
        if (!(key instanceof String)) {
            return null;
        }
        PropertyValue value = properties.get(key);
        return value != null && kept((String) key, value) ? value : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super PropertyValue> action) {
        properties.forEach((key, value) -> {
            if (kept(key, value)) {
                action.accept(key, value);
            }
        });
    }

    @Override
    public Set<Map.Entry<String, PropertyValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, PropertyValue>> iterator() {
                return new KeptEntries(properties.entrySet().iterator());
            }
        };
    }

    /** The entries of the event's properties that are kept, in their order. */
    private static final class KeptEntries implements Iterator<Map.Entry<String, PropertyValue>> {
        private final Iterator<Map.Entry<String, PropertyValue>> all;
        private Map.Entry<String, PropertyValue> next;

        KeptEntries(Iterator<Map.Entry<String, PropertyValue>> all) {
            this.all = all;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && all.hasNext()) {
                Map.Entry<String, PropertyValue> entry = all.next();
                if (kept(entry.getKey(), entry.getValue())) {
                    next = entry;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Map.Entry<String, PropertyValue> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, PropertyValue> entry = next;
            advance();
            return entry;
        }
    }
}
