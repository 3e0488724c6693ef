package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.adapter.in.rest.RestApi;
import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two projects on one server. Every route is tried with every kind of key, and a project's keys neither see nor
 * touch the other project's events, definitions or keys.
 */
class ProjectScopingTest {

    private static Tally tally;
    private static final Map<String, Map<String, String>> KEYS = new HashMap<>(); // project -> kind -> key
    private static final Map<String, String> KEY_IDS = new HashMap<>();
    private static String alphaNote;

    /** Which kinds may use a route, written out here (not taken from the code under test). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("POST /v1/events", Set.of("write", "admin")),
            Map.entry("GET /v1/events/export", Set.of("read", "admin")),
            Map.entry("GET /v1/timeseries", Set.of("read", "admin")),
            Map.entry("POST /v1/query", Set.of("read", "admin")),
            Map.entry("POST /v1/funnels", Set.of("read", "admin")),
            Map.entry("POST /v1/retention", Set.of("read", "admin")),
            Map.entry("POST /v1/paths", Set.of("read", "admin")),
            Map.entry("POST /v1/stickiness", Set.of("read", "admin")),
            Map.entry("POST /v1/lifecycle", Set.of("read", "admin")),
            Map.entry("POST /v1/trends", Set.of("read", "admin")),
            Map.entry("POST /v1/conversions", Set.of("read", "admin")),
            Map.entry("GET /analytics/custom-report", Set.of("read", "admin")),
            Map.entry("GET /v1/kpis", Set.of("read", "admin")),
            Map.entry("POST /v1/kpis", Set.of("admin")),
            Map.entry("GET /v1/kpis/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/kpis/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/kpis/{name}", Set.of("admin")),
            Map.entry("GET /v1/cohorts", Set.of("read", "admin")),
            Map.entry("POST /v1/cohorts", Set.of("admin")),
            Map.entry("GET /v1/cohorts/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/cohorts/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/cohorts/{name}", Set.of("admin")),
            Map.entry("GET /v1/goals", Set.of("read", "admin")),
            Map.entry("POST /v1/goals", Set.of("admin")),
            Map.entry("GET /v1/goals/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/goals/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/goals/{name}", Set.of("admin")),
            Map.entry("GET /v1/annotations", Set.of("read", "admin")),
            Map.entry("POST /v1/annotations", Set.of("admin")),
            Map.entry("GET /v1/annotations/{id}", Set.of("read", "admin")),
            Map.entry("PUT /v1/annotations/{id}", Set.of("admin")),
            Map.entry("DELETE /v1/annotations/{id}", Set.of("admin")),
            Map.entry("GET /v1/dashboards", Set.of("read", "admin")),
            Map.entry("POST /v1/dashboards", Set.of("admin")),
            Map.entry("GET /v1/dashboards/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/dashboards/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/dashboards/{name}", Set.of("admin")),
            Map.entry("GET /v1/alerts", Set.of("read", "admin")),
            Map.entry("POST /v1/alerts", Set.of("admin")),
            Map.entry("GET /v1/alerts/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/alerts/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/alerts/{name}", Set.of("admin")),
            Map.entry("GET /v1/schedules", Set.of("read", "admin")),
            Map.entry("POST /v1/schedules", Set.of("admin")),
            Map.entry("GET /v1/schedules/{name}", Set.of("read", "admin")),
            Map.entry("PUT /v1/schedules/{name}", Set.of("admin")),
            Map.entry("DELETE /v1/schedules/{name}", Set.of("admin")),
            Map.entry("GET /v1/dashboards/{name}/answer", Set.of("read", "admin")),
            Map.entry("GET /v1/alerts/{name}/history", Set.of("read", "admin")),
            Map.entry("GET /v1/schedules/{name}/runs", Set.of("read", "admin")),
            Map.entry("POST /v1/schedules/{name}/run", Set.of("admin")),
            Map.entry("POST /v1/admin/dead-letters/replay", Set.of("admin")),
            Map.entry("GET /v1/admin/dead-letters/store", Set.of("admin")),
            Map.entry("GET /v1/keys", Set.of("admin")),
            Map.entry("POST /v1/keys", Set.of("admin")),
            Map.entry("POST /v1/keys/{id}/rotate", Set.of("admin")),
            Map.entry("DELETE /v1/keys/{id}", Set.of("admin")));

    @BeforeAll
    static void start(@TempDir Path dir) {
        tally = Tally.start(TallyConfig.withOverrides(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "store.path", dir.resolve("tally.duckdb").toString(), "auth.keys-required", "true",
                "project", "alpha", "projects", "alpha,beta", "cache.kind", "none")));
        for (String project : List.of("alpha", "beta")) {
            String admin = tally.firstAdminKeys().get(project);
            Map<String, String> keys = new HashMap<>(Map.of("admin", admin));
            for (String kind : List.of("write", "read")) {
                Http.Answer created = new Http(tally.port(), admin).postJson("/v1/keys", Map.of("kind", kind));
                keys.put(kind, created.json().get("key").asText());
                KEY_IDS.put(project + "/" + kind, created.json().get("id").asText());
            }
            KEYS.put(project, keys);
        }
        post("alpha", 3);
        post("beta", 2);
        assertThat(new Http(tally.port(), KEYS.get("alpha").get("admin"))
                .postJson("/v1/kpis", Map.of("name", "alpha_only", "expression", "events")).status()).isEqualTo(201);
        assertThat(new Http(tally.port(), KEYS.get("alpha").get("admin"))
                .postJson("/v1/goals", Map.of("name", "alpha_home", "page", "/")).status()).isEqualTo(201);
        // a note at the moment of the events, inside every last_7d range below
        Http.Answer note = new Http(tally.port(), KEYS.get("alpha").get("admin")).postJson("/v1/annotations",
                Map.of("at", eventTime().toString(), "text", "alpha launch"));
        assertThat(note.status()).isEqualTo(201);
        alphaNote = note.json().get("id").asText();
    }

    private static Instant eventTime() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(120);
    }

    private static void post(String project, int count) {
        Instant at = eventTime();
        String ndjson = IntStream.range(0, count).mapToObj(i -> EventJson.line(new Event(project + "-" + i,
                project, "u" + i, "s" + i, "page_view", at, Map.of("path", PropertyValue.of("/")), "", "", at)))
                .collect(Collectors.joining("\n"));
        assertThat(new Http(tally.port(), KEYS.get(project).get("write"))
                .post("/v1/events?wait=true", "application/x-ndjson", ndjson).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        tally.close();
    }

    private static int call(String route, String key) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{name}", "nothing_here")
                .replace("{id}", "0123456789abcdef");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tally.port() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{}");
        request = switch (method) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            case "PUT" -> request.PUT(body);
            default -> request.POST(body);
        };
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void every_route_with_every_kind_of_key() throws Exception {
        assertThat(ALLOWED.keySet()).as("the table covers every route").containsExactlyInAnyOrderElementsOf(RestApi.routeKeys());
        for (String route : RestApi.routeKeys()) {
            for (String kind : List.of("write", "read", "admin")) {
                int status = call(route, KEYS.get("beta").get(kind));
                if (ALLOWED.get(route).contains(kind)) {
                    assertThat(status).as(route + " with a " + kind + " key").isNotIn(401, 403);
                } else {
                    assertThat(status).as(route + " with a " + kind + " key").isEqualTo(403);
                }
            }
            assertThat(call(route, "tly_0123456789abcdef_" + "A".repeat(43))).as(route + " with an unknown key").isEqualTo(401);
        }
    }

    private static long newUsers(Http client) {
        long total = 0;
        for (JsonNode row : client.postJson("/v1/lifecycle", Map.of("event", "page_view", "date_range", "last_7d")).json().get("rows")) {
            total += row.get(1).asLong();
        }
        return total;
    }

    private static long trendVisitors(Http client) {
        return client.postJson("/v1/trends", Map.of("series", List.of(Map.of("event", "page_view", "metric", "visitors")),
                "date_range", "last_7d")).json().get("lines").get(0).get("total").asLong();
    }

    private static List<String> noteTexts(Http client, String path, Object body) {
        Http.Answer answer = client.postJson(path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("meta").get("annotations").findValuesAsText("text");
    }

    /** Alpha's note is in alpha's list and answers along time, never in beta's; the same id in beta is beta's own. */
    private static void annotationsStayInTheirProject(Http alphaRead, Http betaRead, Http betaAdmin) {
        Map<String, Object> byDay = Map.of("metrics", List.of("events"), "dimensions", List.of("time:day"), "date_range", "last_7d");
        Map<String, Object> trend = Map.of("series", List.of(Map.of("event", "page_view")), "date_range", "last_7d");
        assertThat(alphaRead.get("/v1/annotations").json().get("annotations").findValuesAsText("id")).containsExactly(alphaNote);
        assertThat(noteTexts(alphaRead, "/v1/query", byDay)).containsExactly("alpha launch");
        assertThat(noteTexts(alphaRead, "/v1/trends", trend)).containsExactly("alpha launch");
        assertThat(betaRead.get("/v1/annotations").json().get("annotations")).isEmpty();
        assertThat(betaRead.get("/v1/annotations/" + alphaNote).status()).isEqualTo(404);
        assertThat(noteTexts(betaRead, "/v1/query", byDay)).isEmpty();
        assertThat(noteTexts(betaRead, "/v1/trends", trend)).isEmpty();
        assertThat(betaAdmin.delete("/v1/annotations/" + alphaNote).status()).isEqualTo(404);
        JsonNode betaList = graphQl(betaRead, "{ annotations { id } }").get("data").get("annotations");
        assertThat(betaList).isEmpty();
        JsonNode readerSaves = graphQl(betaRead, "mutation { saveAnnotation(annotation: {at: \"" + eventTime()
                + "\", text: \"by a reader\"}) { id } }");
        assertThat(readerSaves.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");
        JsonNode readerDeletes = graphQl(betaRead, "mutation { deleteAnnotation(id: \"" + alphaNote + "\") }");
        assertThat(readerDeletes.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FORBIDDEN");

        // beta writing under alpha's id makes a note of beta's: alpha's is untouched
        Http.Answer betaNote = betaAdmin.put("/v1/annotations/" + alphaNote, Map.of("at", eventTime().toString(), "text", "beta's own"));
        assertThat(betaNote.status()).as("created in beta, not replaced").isEqualTo(201);
        try {
            assertThat(noteTexts(betaRead, "/v1/trends", trend)).containsExactly("beta's own");
            assertThat(noteTexts(alphaRead, "/v1/trends", trend)).containsExactly("alpha launch");
            assertThat(alphaRead.get("/v1/annotations/" + alphaNote).json().get("text").asText()).isEqualTo("alpha launch");
        } finally {
            assertThat(betaAdmin.delete("/v1/annotations/" + alphaNote).status()).isEqualTo(204);
        }
        assertThat(alphaRead.get("/v1/annotations/" + alphaNote).status()).as("still alpha's").isEqualTo(200);
    }

    private static JsonNode graphQl(Http client, String query) {
        Http.Answer answer = client.postJson("/graphql", Map.of("query", query));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void a_project_sees_and_touches_only_its_own() {
        Http betaRead = new Http(tally.port(), KEYS.get("beta").get("read"));
        Http betaAdmin = new Http(tally.port(), KEYS.get("beta").get("admin"));
        Http betaWrite = new Http(tally.port(), KEYS.get("beta").get("write"));
        assertThat(betaRead.postJson("/v1/query", Map.of("metrics", List.of("events"), "date_range", "last_7d"))
                .json().get("totals").get("events").asLong()).isEqualTo(2);
        assertThat(new Http(tally.port(), KEYS.get("alpha").get("read")).postJson("/v1/query",
                Map.of("metrics", List.of("events"), "date_range", "last_7d")).json().get("totals").get("events").asLong()).isEqualTo(3);
        // each project's page viewers are new once in its lifecycle: beta's u0 and u1, alpha's u0, u1 and u2 (the
        // same user ids in another project are other users)
        assertThat(newUsers(betaRead)).isEqualTo(2);
        assertThat(newUsers(new Http(tally.port(), KEYS.get("alpha").get("read")))).isEqualTo(3);
        // and its page viewers in a trend: beta's u0 and u1, alpha's u0, u1 and u2; alpha's KPI is no metric of beta's
        assertThat(trendVisitors(betaRead)).isEqualTo(2);
        assertThat(trendVisitors(new Http(tally.port(), KEYS.get("alpha").get("read")))).isEqualTo(3);
        Http.Answer foreignKpi = betaRead.postJson("/v1/trends", Map.of("series", List.of(Map.of("metric", "kpi:alpha_only"))));
        assertThat(foreignKpi.status()).isEqualTo(400);
        assertThat(foreignKpi.json().get("errors").get(0).get("field").asText()).isEqualTo("series[0].metric");
        assertThat(betaRead.get("/v1/kpis/alpha_only").status()).isEqualTo(404);
        // alpha's goal (a view of /) is alpha's: all three of its visitors reached it; beta knows no such goal
        Http alphaRead = new Http(tally.port(), KEYS.get("alpha").get("read"));
        JsonNode alphaGoals = alphaRead.postJson("/v1/conversions", Map.of("date_range", "last_7d")).json();
        assertThat(alphaGoals.get("visitors").asLong()).isEqualTo(3);
        assertThat(alphaGoals.get("rows").get(0).get(0).asText()).isEqualTo("alpha_home");
        assertThat(alphaGoals.get("rows").get(0).get(1).asLong()).isEqualTo(3);
        assertThat(alphaGoals.get("rows").get(0).get(3).asDouble()).isEqualTo(100.0);
        assertThat(betaRead.get("/v1/goals/alpha_home").status()).isEqualTo(404);
        assertThat(betaRead.get("/v1/goals").json().get("goals")).isEmpty();
        JsonNode betaGoals = betaRead.postJson("/v1/conversions", Map.of("date_range", "last_7d")).json();
        assertThat(betaGoals.get("visitors").asLong()).isEqualTo(2);
        assertThat(betaGoals.get("rows")).as("beta saved no goal").isEmpty();
        Http.Answer foreignGoal = betaRead.postJson("/v1/conversions", Map.of("goals", List.of("alpha_home")));
        assertThat(foreignGoal.status()).isEqualTo(400);
        assertThat(foreignGoal.json().get("errors").get(0).get("field").asText()).isEqualTo("goals[0]");
        Http.Answer foreignSeries = betaRead.postJson("/v1/trends", Map.of("series", List.of(Map.of("goal", "alpha_home"))));
        assertThat(foreignSeries.status()).isEqualTo(400);
        assertThat(foreignSeries.json().get("errors").get(0).get("field").asText()).isEqualTo("series[0].goal");
        assertThat(betaAdmin.delete("/v1/goals/alpha_home").status()).isEqualTo(404);
        assertThat(alphaRead.get("/v1/goals/alpha_home").status()).as("still alpha's").isEqualTo(200);
        assertThat(betaRead.postJson("/v1/query", Map.of("metrics", List.of("kpi:alpha_only"))).status()).isEqualTo(400);
        annotationsStayInTheirProject(alphaRead, betaRead, betaAdmin);
        assertThat(betaAdmin.get("/v1/keys").json().get("keys").findValuesAsText("project")).containsOnly("beta");
        assertThat(betaAdmin.delete("/v1/keys/" + KEY_IDS.get("alpha/read")).status()).isEqualTo(404);
        assertThat(betaAdmin.post("/v1/keys/" + KEY_IDS.get("alpha/read") + "/rotate", "application/json", "").status()).isEqualTo(404);
        Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(60);
        String intoAlpha = EventJson.line(new Event("x-1", "alpha", "u", "s", "page_view", at, Map.of(), "", "", at));
        assertThat(betaWrite.post("/v1/events", "application/json", intoAlpha).status()).isEqualTo(400);
    }
}
