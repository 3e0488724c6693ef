package io.tally.application.fake;

import io.tally.application.port.in.SetAsideEvent;
import io.tally.application.port.out.StoreDeadLetters;
import io.tally.domain.event.EventWire;

import java.util.ArrayList;
import java.util.List;

/** Store dead letters kept in a list, for tests of the writer. */
public final class KeptDeadLetters implements StoreDeadLetters {

    private final List<StoreDeadLetter> kept = new ArrayList<>();

    @Override
    public synchronized void keep(List<StoreDeadLetter> letters) {
        kept.addAll(letters);
    }

    @Override
    public synchronized List<SetAsideEvent> read(String projectId, int limit) {
        List<SetAsideEvent> events = kept.stream().filter(letter -> letter.event().projectId().equals(projectId))
                .map(letter -> new SetAsideEvent(letter.setAsideAt(), projectId, letter.event().eventId(), letter.error(),
                        EventWire.of(letter.event()))).toList();
        return events.subList(Math.max(0, events.size() - limit), events.size());
    }

    public synchronized List<StoreDeadLetter> kept() {
        return List.copyOf(kept);
    }

    /** The ids of the events kept, in order. */
    public synchronized List<String> eventIds() {
        return kept.stream().map(letter -> letter.event().eventId()).toList();
    }
}
