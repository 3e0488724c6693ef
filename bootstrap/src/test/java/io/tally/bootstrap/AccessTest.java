package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys on a running server: the first admin key, scopes by kind, the key's project, rotation and revocation. */
class AccessTest {

    private static Path dir;
    private static Tally tally;
    private static String admin;

    private static Tally start() {
        return Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "project", "shop")));
    }

    @BeforeAll
    static void start(@TempDir Path temp) {
        dir = temp;
        tally = start();
        admin = tally.firstAdminKey().orElseThrow();
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static String key(String kind) {
        Http.Answer created = new Http(tally.port(), admin).postJson("/v1/keys", Map.of("kind", kind));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static String event(String id, String project) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(60);
        Map<String, Object> wire = new HashMap<>(EventJson.wire(new Event(id, "shop", "u", "s", "page_view", at,
                Map.of("path", PropertyValue.of("/")), "", "", at)));
        wire.put("project_id", project);
        return EventJson.write(wire);
    }

    private static final Map<String, Object> QUERY = Map.of("metrics", List.of("events"), "date_range", "last_7d");

    @Test
    void without_a_valid_key_nothing_but_health_answers() {
        Http anonymous = new Http(tally.port());
        Http.Answer refused = anonymous.postJson("/v1/query", QUERY);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).doesNotContain("shop");
        assertThat(anonymous.post("/v1/events", "application/json", event("x", "shop")).status()).isEqualTo(401);
        assertThat(new Http(tally.port(), "tly_0123456789abcdef_" + "x".repeat(43)).postJson("/v1/query", QUERY).status())
                .isEqualTo(401);
        assertThat(new Http(tally.port(), "not a key").get("/v1/kpis").status()).isEqualTo(401);
        assertThat(anonymous.get("/observe/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/openapi").status()).isEqualTo(200);
    }

    @Test
    void each_kind_of_key_does_its_job_and_no_other() {
        Http write = new Http(tally.port(), key("write"));
        Http read = new Http(tally.port(), key("read"));
        assertThat(write.post("/v1/events?wait=true", "application/json", event("w-1", "shop")).status()).isEqualTo(202);
        assertThat(write.postJson("/v1/query", QUERY).status()).isEqualTo(403);
        assertThat(read.postJson("/v1/query", QUERY).status()).isEqualTo(200);
        assertThat(read.get("/v1/kpis").status()).isEqualTo(200);
        assertThat(read.post("/v1/events", "application/json", event("r-1", "shop")).status()).isEqualTo(403);
        assertThat(read.postJson("/v1/kpis", Map.of("name", "x", "expression", "events")).status()).isEqualTo(403);
        assertThat(read.postJson("/v1/keys", Map.of("kind", "admin")).status()).isEqualTo(403);
        assertThat(read.post("/v1/admin/dead-letters/replay", "application/json", "").status()).isEqualTo(403);
        assertThat(new Http(tally.port(), admin).postJson("/v1/kpis", Map.of("name", "x", "expression", "events")).status())
                .isEqualTo(201);
    }

    @Test
    void a_key_writes_and_reads_only_its_own_project() {
        Http write = new Http(tally.port(), key("write"));
        Http.Answer other = write.post("/v1/events", "application/json", event("o-1", "someone-else"));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().get("errors").get(0).get("field").asText()).isEqualTo("project_id");
        assertThat(write.post("/v1/events?wait=true", "application/json", event("o-2", "shop")).status()).isEqualTo(202);
        JsonNode answer = new Http(tally.port(), key("read")).postJson("/v1/query?refresh=force", QUERY).json();
        assertThat(answer.get("totals").get("events").asLong()).isPositive();
    }

    @Test
    void keys_are_listed_without_secrets_rotated_and_revoked() {
        Http adminClient = new Http(tally.port(), admin);
        Http.Answer created = adminClient.postJson("/v1/keys", Map.of("kind", "read"));
        String id = created.json().get("id").asText();
        String oldKey = created.json().get("key").asText();
        JsonNode listed = adminClient.get("/v1/keys").json().get("keys");
        assertThat(listed.toString()).contains(id).doesNotContain(oldKey.substring(22));

        Http.Answer rotated = adminClient.post("/v1/keys/" + id + "/rotate", "application/json", "");
        assertThat(rotated.status()).isEqualTo(201);
        String newKey = rotated.json().get("key").asText();
        assertThat(new Http(tally.port(), oldKey).postJson("/v1/query", QUERY).status()).isEqualTo(401);
        assertThat(new Http(tally.port(), newKey).postJson("/v1/query", QUERY).status()).isEqualTo(200);

        assertThat(adminClient.delete("/v1/keys/" + rotated.json().get("id").asText()).status()).isEqualTo(204);
        assertThat(new Http(tally.port(), newKey).postJson("/v1/query", QUERY).status()).isEqualTo(401);
        assertThat(adminClient.postJson("/v1/keys", Map.of("kind", "owner")).json().get("errors").get(0).get("field").asText())
                .isEqualTo("kind");
    }

    @Test
    void the_keys_command_drives_the_same_api() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        String url = "http://127.0.0.1:" + tally.port();
        int created = KeysCommand.run(new String[]{"keys", "create", "--kind", "read", "--url", url, "--admin-key", admin},
                new PrintStream(out), new PrintStream(err), "usage");
        assertThat(created).as(err.toString()).isZero();
        String id = out.toString().replaceAll("(?s).*\"id\":\"([a-f0-9]{16})\".*", "$1").strip();
        assertThat(KeysCommand.run(new String[]{"keys", "revoke", id, "--url", url, "--admin-key", admin},
                new PrintStream(out), new PrintStream(err), "usage")).isZero();
        assertThat(KeysCommand.run(new String[]{"keys", "list", "--url", url, "--admin-key", "wrong"},
                new PrintStream(out), new PrintStream(err), "usage")).isEqualTo(1);
    }

    @Test
    void the_commands_say_what_failed_when_no_server_answers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again below: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertThat(KeysCommand.run(new String[]{"keys", "list", "--url", url, "--admin-key", admin},
                new PrintStream(out), new PrintStream(err), "usage")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("cannot reach " + url + ": connection refused at 127.0.0.1:" + port
                + " (is the server running there?)\n");
        err.reset();
        assertThat(Main.health(new String[]{"health", "--url", url}, new PrintStream(err))).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("not ready: connection refused at 127.0.0.1:" + port
                + " (is the server running there?)\n");
        err.reset();
        assertThat(KeysCommand.run(new String[]{"keys", "list", "--url", "localhost:8080"},
                new PrintStream(out), new PrintStream(err), "usage")).isEqualTo(2);
        assertThat(err.toString()).startsWith("--url is the server's address, such as http://localhost:8080, not localhost:8080");
    }

    @Test
    void the_first_admin_key_is_made_only_at_the_first_start() {
        tally.close();
        tally = start();
        assertThat(tally.firstAdminKey()).isEmpty();
        assertThat(new Http(tally.port(), admin).get("/v1/keys").status()).isEqualTo(200); // the key survived
    }
}
