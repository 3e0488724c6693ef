package io.tally.domain.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The answer to a paths query: per position, the top node values with their counts, the rest summed as others. */
public record Paths(PathsQuery query, long anchors, List<Step> steps) {

    /** @param reached anchor occurrences with an event at this position; {@code others} those not in {@code top} */
    public record Step(int position, long reached, List<Node> top, long others) {
    }

    /** A node value (null for events without it) and how many anchor occurrences had it at this position. */
    public record Node(String value, long count, double percentOfAnchors) {
    }

    public static Paths assemble(PathsQuery query, PathCounts counts) {
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < query.steps(); k++) {
            Map<String, Long> values = k < counts.steps().size() ? counts.steps().get(k) : Map.of();
            long reached = values.values().stream().mapToLong(Long::longValue).sum();
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<Node> top = sorted.stream().limit(query.top())
                    .map(e -> new Node(PathCounts.NONE.equals(e.getKey()) ? null : e.getKey(), e.getValue(),
                            counts.anchors() == 0 ? 0 : e.getValue() * 100.0 / counts.anchors()))
                    .toList();
            long shown = top.stream().mapToLong(Node::count).sum();
            steps.add(new Step(k + 1, reached, top, reached - shown));
        }
        return new Paths(query, counts.anchors(), steps);
    }

}
