package io.tally.adapter.out.clickhouse;

import java.net.URI;
import java.util.Objects;

/**
 * Where a ClickHouse server (or a cluster's load balancer) answers over HTTP, and who we are to it.
 *
 * @param url      {@code http://host:8123} or {@code https://host:8443}
 * @param database the database holding Tally's tables (created by the migrations when missing)
 * @param compress whether responses come LZ4-compressed (on for real servers; the chDB-backed test endpoint
 *                 speaks only uncompressed HTTP)
 */
public record ClickHouseServer(String url, String database, String user, String password, boolean compress) {

    public ClickHouseServer {
        Objects.requireNonNull(url, "url");
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("a ClickHouse URL is http(s)://host:port, not " + url);
        }
        if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a ClickHouse database name is letters, digits and _, not " + database);
        }
        user = user == null || user.isBlank() ? "default" : user;
        password = password == null ? "" : password;
        url = url.replaceAll("/+$", "");
    }

    /** The JDBC URL of clickhouse-jdbc: the server's URL with the database as its path. */
    String jdbcUrl() {
        return "jdbc:clickhouse:" + url + "/" + database + "?compress=" + compress;
    }

    @Override
    public String toString() {
        return url + "/" + database + " as " + user; // never the password
    }
}
