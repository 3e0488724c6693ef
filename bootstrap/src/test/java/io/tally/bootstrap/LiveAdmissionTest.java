package io.tally.bootstrap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections without a key never take the live places of those with one, on {@code /v1/live} and {@code /graphql/ws}
 * alike, with real WebSocket clients: only authenticated connections count against {@code live.max-connections} (3
 * here), each address may hold {@code live.max-unauthenticated-per-address} (2 here) unauthenticated ones, and those
 * are closed after {@code live.auth-timeout-seconds} (3 here).
 */
class LiveAdmissionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Tally tally;
    private static String readKey;
    private final List<WsClient> open = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true", "cache.kind", "none",
                "live.max-connections", "3", "live.max-unauthenticated-per-address", "2", "live.auth-timeout-seconds", "3")));
        readKey = new Http(tally.port(), tally.firstAdminKey().orElseThrow()).postJson("/v1/keys", Map.of("kind", "read"))
                .json().get("key").asText();
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        open.forEach(WsClient::close);
        open.clear();
        // the server gives every place back once the closes arrive
        for (int i = 0; i < 100 && metric() > 0; i++) {
            Thread.sleep(50);
        }
    }

    private WsClient live(Map<String, String> headers) {
        WsClient client = WsClient.connect(tally.port(), "/v1/live", headers);
        open.add(client);
        return client;
    }

    private WsClient graphQl() {
        WsClient client = WsClient.graphQl(tally.port(), Map.of());
        open.add(client);
        return client;
    }

    private WsClient authenticated() {
        WsClient client = live(Map.of("Authorization", "Bearer " + readKey));
        client.await(WsClient.type("ready"), WAIT);
        return client;
    }

    private static long metric() {
        String text = new Http(tally.port()).get("/observe/metrics").body();
        Matcher m = Pattern.compile("(?m)^tally_live_connections(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    }

    @Test
    void connections_without_a_key_never_take_the_places_of_those_with_one() {
        // two from this address may wait for their key; a third, on either endpoint, is told to come back later
        WsClient first = live(Map.of());
        WsClient second = live(Map.of());
        assertThat(live(Map.of()).closeCode(WAIT)).isEqualTo(1013);
        assertThat(graphQl().closeCode(WAIT)).isEqualTo(1013);

        // meanwhile every one of the node's three places is there for clients with a key
        for (int i = 0; i < 3; i++) {
            authenticated();
        }
        assertThat(metric()).as("authenticated connections, the only ones counted").isEqualTo(3);
        assertThat(live(Map.of("Authorization", "Bearer " + readKey)).closeCode(WAIT)).isEqualTo(1013);

        // the ones that never authenticate are closed after the grace period, giving their address's places back
        assertThat(first.closeCode(WAIT)).isEqualTo(4401);
        assertThat(second.closeCode(WAIT)).isEqualTo(4401);
        WsClient later = live(Map.of());
        // it authenticates, but the node's places are all taken by then
        later.send(Map.of("type", "auth", "key", readKey));
        assertThat(later.closeCode(WAIT)).isEqualTo(1013);
    }

    @Test
    void an_unauthenticated_connection_that_authenticates_takes_a_place_of_the_node_on_either_endpoint() {
        WsClient browser = live(Map.of());
        browser.send(Map.of("type", "auth", "key", readKey));
        browser.await(WsClient.type("ready"), WAIT);
        WsClient graph = graphQl();
        graph.send(Map.of("type", "connection_init", "payload", Map.of("key", readKey)));
        graph.await(WsClient.type("connection_ack"), WAIT);
        assertThat(metric()).isEqualTo(2);
        // both gave their address's places back: two more may wait for their key
        WsClient waiting = live(Map.of());
        WsClient alsoWaiting = graphQl();
        authenticated(); // the third place of the node
        // a graphql-transport-ws client that authenticates now finds the places taken, shared with /v1/live
        alsoWaiting.send(Map.of("type", "connection_init", "payload", Map.of("key", readKey)));
        assertThat(alsoWaiting.closeCode(WAIT)).isEqualTo(1013);
        // and one that never sends connection_init is closed as the protocol says, after the grace period
        assertThat(graphQl().closeCode(WAIT)).isEqualTo(4408);
        assertThat(waiting.closeCode(WAIT)).isEqualTo(4401);
    }

    @Test
    void a_graphql_message_larger_than_a_request_may_be_closes_the_connection() {
        WsClient graph = graphQl();
        graph.send(Map.of("type", "connection_init", "payload", Map.of("key", "x".repeat(300 * 1024))));
        assertThat(graph.closeCode(WAIT)).isEqualTo(1009);
    }
}
