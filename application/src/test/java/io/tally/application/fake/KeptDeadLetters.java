package io.tally.application.fake;

import io.tally.application.port.out.StoreDeadLetters;

import java.util.ArrayList;
import java.util.List;

/** Store dead letters kept in a list, for tests of the writer. */
public final class KeptDeadLetters implements StoreDeadLetters {

    private final List<StoreDeadLetter> kept = new ArrayList<>();

    @Override
    public synchronized void keep(List<StoreDeadLetter> letters) {
        kept.addAll(letters);
    }

    public synchronized List<StoreDeadLetter> kept() {
        return List.copyOf(kept);
    }

    /** The ids of the events kept, in order. */
    public synchronized List<String> eventIds() {
        return kept.stream().map(letter -> letter.event().eventId()).toList();
    }
}
