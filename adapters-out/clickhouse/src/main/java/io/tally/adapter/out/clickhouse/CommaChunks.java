package io.tally.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Values joined by commas into chunks of at most a given length: one lookup or delete statement per chunk. */
final class CommaChunks {

    private CommaChunks() {
    }

    static List<String> of(Collection<String> values, int maxChars) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        for (String value : values) {
            if (!chunk.isEmpty() && chunk.length() + 1 + value.length() > maxChars) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(chunk.isEmpty() ? "" : ",").append(value);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }
}
