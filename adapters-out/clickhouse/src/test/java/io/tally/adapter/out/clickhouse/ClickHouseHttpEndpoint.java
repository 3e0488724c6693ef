package io.tally.adapter.out.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of ClickHouse's HTTP interface that clickhouse-jdbc and its client use, served by the real engine
 * (chDB) in this JVM, on loopback. No ClickHouse server new enough installs on these machines, so this is how the
 * server transport's own code (Helidon DB client, clickhouse-jdbc, Hikari, RowBinary inserts with a token) runs
 * against ClickHouse in the test suite; with {@code CLICKHOUSE_URL} set, the same tests run against that server.
 *
 * <p>What it serves: the statement in the body (or in {@code query} when the body carries insert data), the result
 * format from {@code X-ClickHouse-Format} or {@code default_format}, {@code param_*} values, and settings of an
 * insert. What it refuses, loudly: LZ4-compressed bodies (ClickHouse's block framing is not implemented here),
 * databases other than {@code default}, and settings on other statements.
 */
public final class ClickHouseHttpEndpoint implements AutoCloseable {

    private static final Set<String> NOT_SETTINGS = Set.of("query", "query_id", "database", "default_format",
            "user", "password", "compress", "decompress", "session_id", "session_timeout", "session_check");
    private static final Pattern INSERT_WITH_DATA = Pattern.compile(
            "(?is)\\s*INSERT\\s+INTO\\s+(?:TABLE\\s+)?([\\w.`]+)\\s*(\\([^)]*\\))?\\s*FORMAT\\s+(\\w+)\\s*");
    private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)");

    private final EmbeddedClickHouse engine;
    private final boolean ownsEngine;
    private final HttpServer http;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);

    private ClickHouseHttpEndpoint(EmbeddedClickHouse engine, boolean ownsEngine) throws IOException {
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(workers);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Serves an engine that stays open after {@link #close()}. */
    static ClickHouseHttpEndpoint serve(EmbeddedClickHouse engine) {
        try {
            return new ClickHouseHttpEndpoint(engine, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves an engine of its own on {@code dataDir}, closed with the endpoint: for tests in other modules, which
     * must not hold two chDB engines at once.
     */
    public static ClickHouseHttpEndpoint serveEmbedded(Path dataDir) {
        EmbeddedClickHouse engine = EmbeddedClickHouse.open(ChdbLibrary.path(), dataDir);
        try {
            return new ClickHouseHttpEndpoint(engine, true);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/ping")) {
                respond(exchange, 200, "Ok.\n".getBytes(StandardCharsets.UTF_8), "TSV");
                return;
            }
            Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String format = firstNonNull(exchange.getRequestHeaders().getFirst("X-ClickHouse-Format"),
                    params.get("default_format"), "TabSeparated");
            try {
                refuseWhatIsNotServed(exchange, params);
                respond(exchange, 200, run(params, body, format), format);
            } catch (RuntimeException e) {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                Matcher code = ERROR_CODE.matcher(message);
                exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", code.find() ? code.group(1) : "1000");
                respond(exchange, 500, (message + "\n").getBytes(StandardCharsets.UTF_8), "TSV");
            }
        }
    }

    private byte[] run(Map<String, String> params, byte[] body, String format) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith("param_")) {
                values.put(name.substring(6), value);
            } else if (!NOT_SETTINGS.contains(name)) {
                settings.put(name, value);
            }
        });
        String inUrl = params.get("query");
        Matcher insert = inUrl == null ? null : INSERT_WITH_DATA.matcher(inUrl);
        if (insert != null && insert.matches() && body.length > 0) {
            StringBuilder statement = new StringBuilder("INSERT INTO ").append(insert.group(1))
                    .append(insert.group(2) == null ? "" : insert.group(2)).append(" FROM INFILE {file}");
            if (!settings.isEmpty()) {
                statement.append(" SETTINGS ");
                settings.forEach((name, value) -> statement.append(checkedName(name)).append(" = '")
                        .append(value.replace("\\", "\\\\").replace("'", "\\'")).append("', "));
                statement.setLength(statement.length() - 2);
            }
            engine.insert(statement.append(" FORMAT ").append(insert.group(3)).toString(), body);
            return new byte[0];
        }
        if (!settings.isEmpty()) {
            throw new IllegalStateException("Code: 1000. this test endpoint applies settings to inserts only, not "
                    + settings.keySet());
        }
        String sql = (inUrl == null ? "" : inUrl + "\n") + new String(body, StandardCharsets.UTF_8);
        return engine.queryBytes(sql, format, values);
    }

    private static void refuseWhatIsNotServed(HttpExchange exchange, Map<String, String> params) {
        if ("1".equals(params.get("compress")) || "1".equals(params.get("decompress"))) {
            throw new IllegalStateException("Code: 1000. this test endpoint does not speak ClickHouse's LZ4 framing; "
                    + "connect with compression off");
        }
        String database = firstNonNull(exchange.getRequestHeaders().getFirst("X-ClickHouse-Database"),
                params.get("database"), "default");
        if (!database.equals("default")) {
            throw new IllegalStateException("Code: 81. this test endpoint serves the default database only, not "
                    + database);
        }
    }

    private static String checkedName(String setting) {
        if (!setting.matches("[a-z_0-9]+")) {
            throw new IllegalArgumentException("Code: 115. not a setting name: " + setting);
        }
        return setting;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String format) throws IOException {
        exchange.getResponseHeaders().add("X-ClickHouse-Format", format);
        exchange.getResponseHeaders().add("X-ClickHouse-Timezone", "UTC");
        exchange.getResponseHeaders().add("X-ClickHouse-Summary", "{\"read_rows\":\"0\",\"read_bytes\":\"0\","
                + "\"written_rows\":\"0\",\"written_bytes\":\"0\",\"total_rows_to_read\":\"0\",\"result_rows\":\"0\","
                + "\"result_bytes\":\"0\",\"elapsed_ns\":\"0\"}");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
        if (ownsEngine) {
            engine.close();
        }
    }
}
