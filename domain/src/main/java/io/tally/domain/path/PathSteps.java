package io.tally.domain.path;

import io.tally.domain.event.Event;
import io.tally.domain.query.EventDimensions;
import io.tally.domain.query.EventMatcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a paths query counts ({@link PathsQuery} states the rules), written as the plainest loops over a list of
 * events: the definition every engine reproduces.
 */
public final class PathSteps {

    private PathSteps() {
    }

    /** @param events every event the store holds (of any project) */
    public static PathCounts count(List<Event> events, PathsQuery query) {
        EventMatcher matcher = new EventMatcher(events, query.zone());
        Map<String, List<Event>> sessions = matcher.select(query.projectId(), query.range(), List.of()).stream()
                .collect(Collectors.groupingBy(Event::sessionId));
        List<Map<String, Long>> steps = new ArrayList<>();
        for (int k = 0; k < query.steps(); k++) {
            steps.add(new HashMap<>());
        }
        long anchors = 0;
        int direction = query.direction() == PathDirection.NEXT ? 1 : -1;
        for (List<Event> session : sessions.values()) {
            session.sort(Event.CHRONOLOGICAL);
            for (int p = 0; p < session.size(); p++) {
                if (!matcher.matches(session.get(p), query.anchor())) {
                    continue;
                }
                anchors++;
                for (int k = 1; k <= query.steps(); k++) {
                    int q = p + direction * k;
                    if (q < 0 || q >= session.size()) {
                        break;
                    }
                    String value = EventDimensions.valueOf(session.get(q), query.node(), query.zone());
                    steps.get(k - 1).merge(value == null ? PathCounts.NONE : value, 1L, Long::sum);
                }
            }
        }
        return new PathCounts(anchors, steps);
    }
}
