package io.tally.adapter.out.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A ClickHouse server over HTTP: statements through Helidon's DB client over clickhouse-jdbc (pooled by Hikari),
 * inserts as RowBinary blocks through clickhouse-jdbc's own HTTP client ({@code client-v2}), which sends the
 * deduplication token with each block.
 */
final class ServerClickHouse implements ClickHouseTransport {

    private static final Set<String> TEXT_FORMATS = Set.of("TSV", "TSVRaw", "JSONEachRow", NamedTsv.FORMAT);
    private static final long REQUEST_TIMEOUT_SECONDS = 300;

    private final ClickHouseServer server;
    private final HikariDataSource pool;
    private final DbClient db;
    private final Client inserts;

    private ServerClickHouse(ClickHouseServer server, HikariDataSource pool, Client inserts) {
        this.server = server;
        this.pool = pool;
        this.inserts = inserts;
        this.db = JdbcClientBuilder.create().connectionPool(new Pool(pool)).build();
    }

    /** Connects; the database is created when missing, the pool opens its first connection on first use. */
    static ServerClickHouse connect(ClickHouseServer server) {
        // no default database: it may not exist yet, and inserts name it with the table
        Client client = new Client.Builder().addEndpoint(server.url()).setUsername(server.user())
                .setPassword(server.password()).compressServerResponse(server.compress()).build();
        try {
            createDatabase(client, server);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1); // start even while the server is down; health says so
        config.setPoolName("tally-clickhouse");
        return new ServerClickHouse(server, new HikariDataSource(config), client);
    }

    /** The JDBC URL names the database, so it must exist before the first pooled connection uses it. */
    private static void createDatabase(Client client, ClickHouseServer server) {
        try {
            client.execute("CREATE DATABASE IF NOT EXISTS " + server.database()).get(60, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseQueryException("interrupted while creating database " + server.database());
        } catch (Exception e) {
            throw new ClickHouseQueryException("ClickHouse at " + server + " did not create the database: "
                    + rootMessage(e));
        }
    }

    @Override
    public String query(String sql, String format, Map<String, String> parameters) {
        if (!TEXT_FORMATS.contains(format)) {
            throw new IllegalArgumentException("not a text format this transport returns: " + format);
        }
        JdbcStatementText statement = JdbcStatementText.of(sql, parameters);
        try {
            if (!statement.returnsRows()) {
                db.execute().createDmlStatement(statement.sql()).params(statement.values()).execute();
                return "";
            }
            if (format.equals(NamedTsv.FORMAT)) {
                return namedTsv(statement);
            }
            // ClickHouse formats each row itself, so the text is what the embedded engine returns for the format
            String rowsAsText = "SELECT formatRow('" + format + "', *) FROM (" + statement.sql() + "\n)";
            StringBuilder out = new StringBuilder();
            try (Stream<DbRow> rows = db.execute().createQuery(rowsAsText).params(statement.values()).execute()) {
                rows.forEach(row -> out.append(row.column(1).get(String.class)));
            }
            return out.toString();
        } catch (RuntimeException e) {
            throw new ClickHouseQueryException(rootMessage(e));
        }
    }

    /**
     * TSV rows under a header of the statement's column names, as {@code TSVWithNames}, which {@code formatRow} does
     * not write: the names are the keys of the first row as {@code JSONEachRow} (ClickHouse's own names, in column
     * order; the JDBC row's names come in no order). No row, no header: an empty answer, as the reader takes it.
     */
    private String namedTsv(JdbcStatementText statement) {
        String rowsAsText = "SELECT formatRow('TSV', *), formatRow('JSONEachRow', *) FROM (" + statement.sql() + "\n)";
        StringBuilder out = new StringBuilder();
        try (Stream<DbRow> rows = db.execute().createQuery(rowsAsText).params(statement.values()).execute()) {
            rows.forEach(row -> {
                if (out.isEmpty()) {
                    List<String> names = JsonRowNames.of(row.column(2).get(String.class));
                    out.append(String.join("\t", names.stream().map(ClickHouseLiterals::escaped).toList())).append('\n');
                }
                out.append(row.column(1).get(String.class));
            });
        }
        return out.toString();
    }

    /**
     * The longest string parameter a statement here carries: the driver writes a parameter into the statement's text,
     * and a statement is refused past {@code max_query_size} (256 KiB by default).
     */
    static final int MAX_PARAMETER_CHARS = 200_000;

    @Override
    public int lookupParameterChars() {
        return MAX_PARAMETER_CHARS;
    }

    /**
     * Through the HTTP client rather than JDBC, which would hand every value over as text: the rows come back as
     * ClickHouse wrote them, and the parameters go as {@code param_} values the server binds after parsing.
     */
    @Override
    public byte[] queryRowBinary(String sql, Map<String, String> parameters) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.RowBinary).setDatabase(server.database());
        try (QueryResponse response = inserts.query(sql, Map.<String, Object>copyOf(parameters), settings)
                .get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return response.getInputStream().readAllBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseQueryException("interrupted while querying");
        } catch (Exception e) {
            throw new ClickHouseQueryException(rootMessage(e));
        }
    }

    @Override
    public void insertRowBinary(String table, byte[] rows, String deduplicationToken) {
        String qualified = server.database() + "." + ClickHouseTransport.checkedTable(table);
        InsertSettings settings = new InsertSettings();
        ClickHouseTransport.deduplicationSettings(deduplicationToken).forEach(settings::serverSetting);
        try {
            inserts.insert(qualified, new ByteArrayInputStream(rows),
                    ClickHouseFormat.RowBinary, settings).get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseQueryException("interrupted while inserting into " + table);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new ClickHouseQueryException("inserting into " + table + " failed: " + rootMessage(e));
        } catch (Exception e) {
            throw new ClickHouseQueryException("closing the insert response failed: " + rootMessage(e));
        }
    }

    /** The innermost message: ClickHouse's own text, without the layers of wrapping around it. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage().strip();
    }

    @Override
    public void close() {
        inserts.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "ClickHouse server " + server;
    }

    /** Hands the DB client pooled connections. */
    private record Pool(HikariDataSource pool) implements JdbcConnectionPool {
        @Override
        public Connection connection() {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw new ClickHouseQueryException("no connection to ClickHouse: " + rootMessage(e));
            }
        }

        @Override
        public String dbType() {
            return "clickhouse";
        }
    }
}
