package io.tally.adapter.out.duckdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Few closed ranges {@code [from, to]} covering a set of numbers, for filters DuckDB's zonemaps can prune by: each
 * range is a statement branch of its own, because an {@code OR} of ranges prunes only by their hull. Numbers at most
 * {@code gap} apart share a range; beyond {@code max} ranges the two nearest are joined first (the fewest extra rows).
 */
record Spans(List<Span> spans) {

    /** The numbers {@code from} to {@code to}, both included. */
    record Span(long from, long to) {
    }

    Spans {
        spans = List.copyOf(spans);
    }

    static Spans covering(Collection<Long> numbers, long gap, int max) {
        List<Span> spans = new ArrayList<>();
        for (long n : new TreeSet<>(numbers)) {
            if (!spans.isEmpty() && n - spans.getLast().to() <= gap) {
                spans.set(spans.size() - 1, new Span(spans.getLast().from(), n));
            } else {
                spans.add(new Span(n, n));
            }
        }
        while (spans.size() > max) {
            int nearest = 0;
            for (int i = 1; i < spans.size() - 1; i++) {
                if (gapAfter(spans, i) < gapAfter(spans, nearest)) {
                    nearest = i;
                }
            }
            spans.set(nearest, new Span(spans.get(nearest).from(), spans.get(nearest + 1).to()));
            spans.remove(nearest + 1);
        }
        return new Spans(spans);
    }

    private static long gapAfter(List<Span> spans, int i) {
        return spans.get(i + 1).from() - spans.get(i).to();
    }

    int size() {
        return spans.size();
    }
}
