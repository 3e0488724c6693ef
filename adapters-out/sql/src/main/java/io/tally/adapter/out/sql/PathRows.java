package io.tally.adapter.out.sql;

import io.tally.domain.path.PathCounts;
import io.tally.domain.path.PathsQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A paths statement's rows ({@link PathsSql}) read by column name into {@link PathCounts}: {@code k} (the position
 * after or before the anchor; 0 on the row of the anchors' count), {@code node} (the node value, NULL where the event
 * has none) and {@code occurrences}. One reader per statement: it gathers the rows, then hands the counts.
 */
public final class PathRows {

    public static final String POSITION = "k";
    public static final String NODE = "node";
    public static final String OCCURRENCES = "occurrences";

    private final List<Map<String, Long>> steps = new ArrayList<>();
    private long anchors;

    public PathRows(PathsQuery query) {
        for (int k = 0; k < query.steps(); k++) {
            steps.add(new HashMap<>());
        }
    }

    /** Adds one row: the anchors' count (position 0) or one node's count at its position. */
    public void add(ResultRow row) {
        int position = Math.toIntExact(row.whole(POSITION));
        if (position == 0) {
            anchors = row.whole(OCCURRENCES);
            return;
        }
        String node = row.text(NODE);
        steps.get(position - 1).put(node == null ? PathCounts.NONE : node, row.whole(OCCURRENCES));
    }

    /** The counts of every row added. */
    public PathCounts counts() {
        return new PathCounts(anchors, steps);
    }
}
