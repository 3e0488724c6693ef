package io.tally.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The benchmark's HTTP client side: JSON posts that must answer 200, puts that must save, and the stored-event count. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static byte[] post(HttpClient client, String uri, byte[] body) {
        HttpResponse<byte[]> response = send(client, HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return response.body();
    }

    /** A JSON body put in place: answered 200 (replaced) or 201 (created). */
    static void put(HttpClient client, String uri, byte[] body) {
        HttpResponse<byte[]> response = send(client, HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + uri + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events stored and queryable in the last 90 days, as the API counts them. */
    static long storedEvents(HttpClient client, String base) throws IOException {
        return JSON.readTree(post(client, base + "/v1/query?refresh=force", JSON.writeValueAsBytes(
                Map.of("metrics", List.of("events"), "date_range", "last_90d")))).get("totals").get("events").asLong();
    }
}
