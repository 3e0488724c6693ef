package io.tally.adapter.out.duckdb;

import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands the DB client a fresh connection to the one in-process database for each statement. DuckDB connections
 * are cheap views of the same database; a pool like Hikari would only add a layer.
 */
final class DuckDbConnectionPool implements JdbcConnectionPool {

    private final DuckDBConnection root;

    DuckDbConnectionPool(DuckDBConnection root) {
        this.root = root;
    }

    @Override
    public Connection connection() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB refused a connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return "duckdb";
    }
}
