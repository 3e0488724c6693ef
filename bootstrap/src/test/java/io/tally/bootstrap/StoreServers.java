package io.tally.bootstrap;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A test server on one store kind ({@code duckdb}, {@code clickhouse-embedded}) in a folder of its own. */
final class StoreServers {

    private StoreServers() {
    }

    /** Starts a node on {@code kind} with its data under {@code dir}, on a free port, plus more settings as key, value. */
    static Tally start(String kind, Path dir, String... settings) {
        Map<String, String> all = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1", "store.kind", kind,
                "store.path", dir.resolve("tally.duckdb").toString(),
                "store.clickhouse.path", dir.resolve("clickhouse").toString()));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            all.put(settings[i], settings[i + 1]);
        }
        return Tally.start(TallyConfig.withOverrides(all));
    }
}
