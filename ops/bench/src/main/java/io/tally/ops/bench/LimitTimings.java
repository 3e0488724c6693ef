package io.tally.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.application.service.QueryService;
import io.tally.bootstrap.Tally;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tally.ops.bench.Http.JSON;

/**
 * The limit of each query: its hand-written SQL ({@link HandSql}) checked against the API's answer on the same data
 * and range, then timed as the API is (two warm-up runs, then the repeats). A hand-written statement that answers
 * otherwise stops the bench: a limit that answers another question says nothing.
 */
final class LimitTimings {

    /** What the hand-written SQL answered, and at which ranges, kept to check the server's answer against later. */
    record Checked(HandSql.Ranges ranges, List<List<String>> rows, int keys) {
    }

    private LimitTimings() {
    }

    /** Figures {@code <q>_limit_p50_ms} and {@code <q>_limit_p95_ms}; returns each query's checked answer. */
    static Map<String, Checked> measure(BenchStore store, HandSql hand, List<IngestAndQueries.Query> queries, int repeats,
                                        Map<String, Double> figures) {
        QueryService service = QueryTimings.service(store);
        Map<String, Checked> checked = new LinkedHashMap<>();
        for (IngestAndQueries.Query query : queries) {
            QueryTimings.Asked asked = QueryTimings.ask(service, query, Instant.now());
            String sql = hand.sql(query.name(), asked.ranges());
            List<List<String>> rows = store.raw(sql);
            JsonNode api = JSON.valueToTree(asked.chart().get());
            int keys = AnswerRows.keys(query.path(), api);
            List<List<String>> answer = AnswerRows.of(query.path(), api, shift(asked.ranges()));
            if (LargeQueries.approximate(query.name())) {
                double error = AnswerRows.requireWithin(store.kind() + " " + query.name(), answer, rows, keys,
                        AnswerRows.visitorColumns(api), errorBound(api));
                figures.put(query.name() + "_visitors_max_rel_error", error);
                System.out.printf("%s %s: the API's estimates lie within %.4f of the exact SQL's visitors (largest error %.5f)%n",
                        store.kind(), query.name(), errorBound(api), error);
            } else {
                int agreed = AnswerRows.requireSame(store.kind() + " " + query.name(), answer, rows, keys);
                System.out.printf("%s %s: the hand-written SQL gives the API's numbers (%d rows)%n", store.kind(), query.name(), agreed);
            }
            checked.put(query.name(), new Checked(asked.ranges(), rows, keys));
            List<Long> times = QueryTimings.timed(() -> store.raw(sql), repeats);
            figures.put(query.name() + "_limit_p50_ms", Measure.percentileMs(times, 50));
            figures.put(query.name() + "_limit_p95_ms", Measure.percentileMs(times, 95));
        }
        return checked;
    }

    /**
     * The server's own answer (over HTTP, uncached) against the hand-written SQL's, for each query whose ranges are
     * still those it was checked at (a query crossing an hour since is skipped, and said so).
     */
    static void checkOverHttp(Tally tally, String kind, List<IngestAndQueries.Query> queries,
                              Map<String, Checked> checked) throws Exception {
        HttpClient client = Http.client();
        String base = "http://127.0.0.1:" + tally.port();
        for (IngestAndQueries.Query query : queries) {
            Checked hand = checked.get(query.name());
            JsonNode api = JSON.readTree(Http.post(client, base + query.path() + "?refresh=force", JSON.writeValueAsBytes(query.body())));
            if (!QueryTimings.ranges(query, Instant.now()).equals(hand.ranges())) {
                System.out.println(kind + " " + query.name() + ": the range moved on since the check; the API's answer is not compared");
                continue;
            }
            List<List<String>> answer = AnswerRows.of(query.path(), api, shift(hand.ranges()));
            if (LargeQueries.approximate(query.name())) {
                AnswerRows.requireWithin(kind + " " + query.name() + " (over HTTP)", answer, hand.rows(), hand.keys(),
                        AnswerRows.visitorColumns(api), errorBound(api));
            } else {
                AnswerRows.requireSame(kind + " " + query.name() + " (over HTTP)", answer, hand.rows(), hand.keys());
            }
        }
    }

    /** The bound the answer states; an approximate query answered exactly (refused) has none, so must be exact. */
    private static double errorBound(JsonNode api) {
        JsonNode meta = api.get("meta");
        if (!meta.path("accuracy").asText().equals("approximate")) {
            throw new IllegalStateException("an approximate query was answered exactly: " + meta.path("accuracy_reason").asText());
        }
        return meta.get("error_bound").asDouble();
    }

    private static long shift(HandSql.Ranges ranges) {
        return ranges.previous().map(p -> ranges.range().from().getEpochSecond() - p.from().getEpochSecond()).orElse(0L);
    }
}
