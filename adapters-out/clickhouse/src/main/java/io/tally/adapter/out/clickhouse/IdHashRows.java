package io.tally.adapter.out.clickhouse;

import io.tally.domain.event.EventColumns;
import io.tally.domain.event.IdHash;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A batch's ids and their hashes as {@code id_hashes} rows (RowBinary), and as the text the collision check reads. */
final class IdHashRows {

    private record Key(String project, int kind, long hash, String id) {
    }

    private IdHashRows() {
    }

    /** One row per distinct (project, kind, hash, id), with the latest time the batch has it at. */
    static byte[] encode(List<EventColumns> rows) {
        Map<Key, Instant> latest = new LinkedHashMap<>();
        for (EventColumns row : rows) {
            String project = row.event().projectId();
            latest.merge(new Key(project, ClickHouseSql.USER, row.userHash(), row.event().userId()), row.timestamp(), IdHashRows::later);
            latest.merge(new Key(project, ClickHouseSql.SESSION, row.sessionHash(), row.event().sessionId()), row.timestamp(), IdHashRows::later);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(latest.size() * 48);
        latest.forEach((key, at) -> {
            EventRows.string(out, key.project());
            out.write(key.kind());
            EventRows.int64(out, key.hash());
            EventRows.string(out, key.id());
            EventRows.int64(out, at.toEpochMilli());
        });
        return out.toByteArray();
    }

    /** The rows' distinct {@code kind:hash} pairs, comma-separated, in chunks of at most {@code maxChars}. */
    static List<String> hashChunks(List<EventColumns> rows, int maxChars) {
        Set<String> pairs = new LinkedHashSet<>();
        for (EventColumns row : rows) {
            pairs.add(ClickHouseSql.USER + ":" + IdHash.unsigned(row.userHash()));
            pairs.add(ClickHouseSql.SESSION + ":" + IdHash.unsigned(row.sessionHash()));
        }
        return CommaChunks.of(pairs, maxChars);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
