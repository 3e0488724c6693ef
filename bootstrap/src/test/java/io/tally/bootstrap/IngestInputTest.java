package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ingest makes of hostile and careless input, on both stores (DuckDB and ClickHouse embedded): text that is not
 * Unicode, colliding property names, an event sent several times in one body, media types, compressed bodies, IP
 * addresses. Bodies are written by hand, so the bytes on the wire are exactly the ones under test.
 */
class IngestInputTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Instant AT = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    private static Tally duck;
    private static Tally clickhouse;

    private static Tally start(String kind, Path dir) {
        return StoreServers.start(kind, dir, "enrichment.keep-bots", "true", "ingest.max-delay-ms", "20");
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        duck = start("duckdb", dir.resolve("duck"));
        clickhouse = start("clickhouse-embedded", dir.resolve("ch"));
    }

    @AfterAll
    static void stop() {
        duck.close();
        clickhouse.close();
    }

    private static List<Tally> bothStores() {
        return List.of(duck, clickhouse);
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        List<String> fields() {
            return json().get("errors").findValuesAsText("field");
        }
    }

    /** A request with exactly these headers (none added but the client's own) and these bytes. */
    private static Reply send(Tally tally, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + tally.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Reply postJson(Tally tally, String path, String json) {
        return send(tally, path, Map.of("Content-Type", "application/json"), utf8(json));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The UTF-8 of {@code text} with the given raw bytes put where {@code @} stands. */
    private static byte[] withBytes(String text, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : utf8(text)) {
            if (b == '@') {
                for (int x : raw) {
                    out.write(x);
                }
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** One event as JSON text; the arguments are JSON string contents, escapes included as written. */
    private static String event(String id, String user, String more) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"session_id\":\"s-1"
                + "\",\"event_type\":\"page_view\",\"timestamp\":\"" + AT + "\"" + more + "}";
    }

    /** The stored events whose id starts with {@code prefix}, as the export gives them back. */
    private static List<JsonNode> stored(Tally tally, String prefix) {
        Http.Answer export = new Http(tally.port()).get("/v1/events/export?from=" + AT.minus(1, ChronoUnit.HOURS)
                + "&to=" + AT.plus(1, ChronoUnit.HOURS));
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        for (String line : export.body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode event = new Reply(200, "", line).json();
                if (event.get("event_id").asText().startsWith(prefix)) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
    }

    @Test
    void ids_that_differ_only_in_lone_surrogates_are_refused_naming_the_field_and_never_merged() {
        for (Tally tally : bothStores()) {
            String body = "[" + String.join(",",
                    event("sur-\\ud800", "u1", ""),
                    event("sur-\\udc00", "u2", ""),
                    event("sur-?", "u3", ""),
                    event("sur-user", "u-\\ud800", ""),
                    event("sur-value", "u4", ",\"properties\":{\"note\":\"\\udc00\"}"),
                    event("sur-name", "u5", ",\"properties\":{\"k\\ud800\":\"v\"}"),
                    event("sur-type", "u6", "").replace("page_view", "signed up \\ud83d")) + "]";
            Reply reply = postJson(tally, "/v1/events?wait=true", body);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            assertThat(reply.json().get("accepted").asInt()).isEqualTo(1);
            JsonNode rejected = reply.json().get("rejected");
            assertThat(rejected.findValuesAsText("index")).containsExactly("0", "1", "3", "4", "5", "6");
            assertThat(rejected.findValuesAsText("field")).containsExactly("event_id", "event_id", "user_id",
                    "properties.note", "properties.k\ud800", "event_type");
            assertThat(rejected.get(0).get("errors").get(0).get("message").asText()).contains("not valid Unicode");

            List<JsonNode> stored = stored(tally, "sur-");
            assertThat(stored).as("on " + tally).hasSize(1);
            assertThat(stored.getFirst().get("event_id").asText()).isEqualTo("sur-?");
            assertThat(stored.getFirst().get("user_id").asText()).isEqualTo("u3");
        }
    }

    @Test
    void bytes_that_are_not_utf8_are_refused_naming_the_field_never_decoded_into_other_text() {
        for (Tally tally : bothStores()) {
            // a surrogate written as UTF-8 bytes (CESU-8): a JSON reader would decode it to a lone surrogate
            Reply surrogateBytes = send(tally, "/v1/events", Map.of("Content-Type", "application/json"),
                    withBytes(event("utf-cesu-@", "u1", ""), 0xED, 0xA0, 0x80));
            assertProblem(surrogateBytes, 400);
            assertThat(surrogateBytes.fields()).containsExactly("event_id");
            assertThat(surrogateBytes.json().get("errors").get(0).get("message").asText()).contains("not valid UTF-8");

            // an overlong NUL: a JSON reader would decode it to U+0000
            Reply overlong = send(tally, "/v1/events", Map.of("Content-Type", "application/json"),
                    withBytes(event("utf-overlong", "u1", ",\"properties\":{\"note\":\"a@b\"}"), 0xC0, 0x80));
            assertProblem(overlong, 400);
            assertThat(overlong.fields()).containsExactly("properties.note");

            // in a property name: was "Unexpected end-of-input in field name"
            Reply name = send(tally, "/v1/events", Map.of("Content-Type", "application/json"),
                    withBytes(event("utf-name", "u1", ",\"properties\":{\"caf@\":1}"), 0xE9));
            assertProblem(name, 400);
            assertThat(name.fields()).containsExactly("properties");
            assertThat(name.json().get("errors").get(0).get("message").asText())
                    .contains("name", "\"caf\"", "not valid UTF-8", "0xE9").doesNotContain("end-of-input");

            // in an array, the element is named; in NDJSON only the line is refused
            Reply array = send(tally, "/v1/events", Map.of("Content-Type", "application/json"),
                    withBytes("[" + event("utf-a0", "u1", "") + "," + event("utf-a1", "u@", "") + "]", 0xFF));
            assertProblem(array, 400);
            assertThat(array.fields()).containsExactly("[1].user_id");

            Reply ndjson = send(tally, "/v1/events?wait=true", Map.of("Content-Type", "application/x-ndjson"),
                    withBytes(event("utf-n0", "u1", "") + "\n" + event("utf-n1", "u@", "") + "\n", 0xC3, 0x28));
            assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(202);
            assertThat(ndjson.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(ndjson.json().get("rejected").get(0).get("index").asInt()).isEqualTo(1);
            assertThat(ndjson.json().get("rejected").findValuesAsText("field")).containsExactly("user_id");

            assertThat(stored(tally, "utf-")).extracting(e -> e.get("event_id").asText()).containsExactly("utf-n0");
        }
    }

    @Test
    void nul_is_valid_unicode_and_both_stores_keep_it_byte_for_byte() {
        for (Tally tally : bothStores()) {
            String body = "[" + String.join(",",
                    event("nul-a\\u0000b", "u\\u0000", ",\"properties\":{\"note\":\"x\\u0000y\"}"),
                    event("nul-ab", "u", ""),
                    event("nul-a", "u", "")) + "]";
            Reply reply = postJson(tally, "/v1/events?wait=true", body);
            assertThat(reply.json().get("accepted").asInt()).as(reply.body()).isEqualTo(3);
            List<JsonNode> stored = stored(tally, "nul-");
            assertThat(stored).extracting(e -> e.get("event_id").asText())
                    .containsExactlyInAnyOrder("nul-a\u0000b", "nul-ab", "nul-a");
            JsonNode withNul = stored.stream().filter(e -> e.get("event_id").asText().equals("nul-a\u0000b")).findFirst().orElseThrow();
            assertThat(withNul.get("user_id").asText()).isEqualTo("u\u0000");
            assertThat(withNul.get("properties").get("note").asText()).isEqualTo("x\u0000y");
        }
    }

    @Test
    void a_flat_and_a_nested_property_of_the_same_name_are_refused_naming_the_key() {
        for (Tally tally : bothStores()) {
            Reply reply = postJson(tally, "/v1/events?wait=true",
                    event("collide-1", "u1", ",\"properties\":{\"a.b\":\"flat\",\"a\":{\"b\":\"nested\"}}"));
            assertProblem(reply, 400);
            assertThat(reply.fields()).containsExactly("properties.a.b");
            assertThat(reply.json().get("errors").get(0).get("reason").asText()).isEqualTo("duplicate");
            assertThat(stored(tally, "collide-")).isEmpty();
        }
    }

    @Test
    void an_event_sent_three_times_in_one_body_is_accepted_once_and_reported_as_two_duplicates() {
        for (Tally tally : bothStores()) {
            String once = event("dup-1", "u1", ",\"properties\":{\"copy\":1}");
            String body = "[" + once + "," + once + "," + event("dup-1", "u1", ",\"properties\":{\"copy\":3}") + "]";
            Reply first = postJson(tally, "/v1/events?wait=true", body);
            assertThat(first.status()).as(first.body()).isEqualTo(202);
            assertThat(first.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(first.json().get("duplicates").asInt()).isEqualTo(2);
            assertThat(first.json().get("rejected")).isEmpty();

            // the same body again, not waiting: the request alone decides both numbers; a re-send is stored once
            Reply again = postJson(tally, "/v1/events", body);
            assertThat(again.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(again.json().get("duplicates").asInt()).isEqualTo(2);
            Reply ndjson = send(tally, "/v1/events?wait=true", Map.of("Content-Type", "application/x-ndjson"),
                    utf8(once + "\n" + once + "\n" + event("dup-2", "u1", "")));
            assertThat(ndjson.json().get("accepted").asInt()).isEqualTo(2);
            assertThat(ndjson.json().get("duplicates").asInt()).isEqualTo(1);

            List<JsonNode> stored = stored(tally, "dup-1");
            assertThat(stored).hasSize(1);
            assertThat(stored.getFirst().get("properties").get("copy").asInt()).as("the first copy wins").isEqualTo(1);
        }
    }

    @Test
    void media_types_are_compared_without_case_and_json_must_be_utf8() {
        Reply upper = send(duck, "/v1/events?wait=true", Map.of("Content-Type", "APPLICATION/JSON; Charset=\"UTF-8\""),
                utf8(event("media-1", "u1", "")));
        assertThat(upper.status()).as(upper.body()).isEqualTo(202);
        Reply ndjson = send(duck, "/v1/events", Map.of("Content-Type", "Application/X-NDJSON;charset=utf-8"),
                utf8(event("media-2", "u1", "")));
        assertThat(ndjson.status()).as(ndjson.body()).isEqualTo(202);
        Reply query = send(duck, "/v1/query", Map.of("Content-Type", "Application/Json; charset=UTF-8"),
                utf8("{\"metrics\":[\"events\"],\"date_range\":\"last_24h\"}"));
        assertThat(query.status()).as(query.body()).isEqualTo(200);

        Reply latin1 = send(duck, "/v1/events", Map.of("Content-Type", "application/json; charset=iso-8859-1"),
                utf8(event("media-3", "u1", "")));
        assertProblem(latin1, 415);
        assertThat(latin1.fields()).containsExactly("Content-Type");
        assertProblem(send(duck, "/v1/query", Map.of("Content-Type", "application/json; charset=latin1"),
                utf8("{\"metrics\":[\"events\"]}")), 415);
    }

    @Test
    void every_json_route_reads_a_body_without_content_type_as_json_and_refuses_a_declared_other_type() {
        Reply events = send(duck, "/v1/events", Map.of(), utf8(event("media-none", "u1", "")));
        assertThat(events.status()).as(events.body()).isEqualTo(202);
        Reply query = send(duck, "/v1/query", Map.of(), utf8("{\"metrics\":[\"events\"],\"date_range\":\"last_24h\"}"));
        assertThat(query.status()).as(query.body()).isEqualTo(200);

        // what curl -d sends unless told otherwise
        for (String path : List.of("/v1/events", "/v1/query", "/v1/kpis")) {
            Reply form = send(duck, path, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    utf8("{\"metrics\":[\"events\"]}"));
            assertProblem(form, 415);
            assertThat(form.fields()).as(path).containsExactly("Content-Type");
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    @Test
    void a_gzip_body_is_read_and_its_limit_is_the_decompressed_size() throws IOException {
        for (Tally tally : bothStores()) {
            String ndjson = event("gzip-1", "u1", "") + "\n" + event("gzip-2", "u1", "");
            Reply zipped = send(tally, "/v1/events?wait=true", Map.of("Content-Type", "application/x-ndjson",
                    "Content-Encoding", "GZIP"), gzip(utf8(ndjson)));
            assertThat(zipped.status()).as(zipped.body()).isEqualTo(202);
            assertThat(zipped.json().get("accepted").asInt()).isEqualTo(2);
            assertThat(stored(tally, "gzip-")).hasSize(2);
        }

        // 64 MiB of spaces in 64 KiB: over the 10 MiB limit once decompressed, so a 413, never read whole
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(bomb)) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                zip.write(spaces);
            }
        }
        assertThat(bomb.size()).isLessThan(10 * 1024 * 1024);
        assertProblem(send(duck, "/v1/events", Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                bomb.toByteArray()), 413);

        Reply corrupt = send(duck, "/v1/events", Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                utf8(event("gzip-3", "u1", "")));
        assertProblem(corrupt, 400);
        assertThat(corrupt.fields()).containsExactly("Content-Encoding");

        Reply brotli = send(duck, "/v1/events", Map.of("Content-Type", "application/json", "Content-Encoding", "br"),
                utf8(event("gzip-4", "u1", "")));
        assertProblem(brotli, 415);
        assertThat(brotli.fields()).containsExactly("Content-Encoding");
        assertThat(brotli.json().get("detail").asText()).contains("gzip");

        // routes that read bodies themselves (GraphQL) get them as sent, so an encoded one is refused before them
        Reply graphQl = send(duck, "/graphql", Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                gzip(utf8("{\"query\":\"{ kpis { name } }\"}")));
        assertProblem(graphQl, 415);
        assertThat(graphQl.fields()).containsExactly("Content-Encoding");
    }

    @Test
    void an_ip_address_must_be_a_real_ipv4_or_ipv6_literal() {
        Reply reply = postJson(duck, "/v1/events", event("ip-1", "u1", ",\"ip_address\":\"999.1.1.1\""));
        assertProblem(reply, 400);
        assertThat(reply.fields()).containsExactly("ip_address");
        assertThat(postJson(duck, "/v1/events", event("ip-2", "u1", ",\"ip_address\":\"2001:db8::1\"")).status())
                .isEqualTo(202);
    }
}
