package io.tally.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code tally keys create --kind write|read|admin | list | rotate ID | revoke ID [--url URL] [--admin-key KEY]}:
 * the keys API of a running server, from the shell (the admin key may also come from {@code TALLY_ADMIN_KEY}).
 */
final class KeysCommand {

    private KeysCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, String usage) {
        if (args.length < 2) {
            err.print(usage);
            return 2;
        }
        String action = args[1];
        String target = null;
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (target == null) {
                target = args[i];
            } else {
                err.print("unexpected " + args[i] + "\n" + usage);
                return 2;
            }
        }
        String url = options.getOrDefault("url", "http://localhost:8080");
        String key = options.getOrDefault("admin-key", System.getenv().getOrDefault("TALLY_ADMIN_KEY", ""));
        URI server;
        try {
            server = URI.create(url);
            if (server.getHost() == null || !server.getScheme().matches("https?")) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            err.print("--url is the server's address, such as http://localhost:8080, not " + url + "\n" + usage);
            return 2;
        }
        HttpRequest.Builder request;
        switch (action) {
            case "create" -> request = HttpRequest.newBuilder(URI.create(url + "/v1/keys")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"" + options.getOrDefault("kind", "").replaceAll("[^a-z]", "") + "\"}"));
            case "list" -> request = HttpRequest.newBuilder(URI.create(url + "/v1/keys")).GET();
            case "rotate", "revoke" -> {
                if (target == null || !target.matches("[a-f0-9]{16}")) {
                    err.print(action + " needs a key id\n" + usage);
                    return 2;
                }
                request = action.equals("rotate")
                        ? HttpRequest.newBuilder(URI.create(url + "/v1/keys/" + target + "/rotate")).POST(HttpRequest.BodyPublishers.noBody())
                        : HttpRequest.newBuilder(URI.create(url + "/v1/keys/" + target)).DELETE();
            }
            default -> {
                err.print("unknown keys action: " + action + "\n" + usage);
                return 2;
            }
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(request.header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString());
            (response.statusCode() < 300 ? out : err).println(response.statusCode() == 204 ? "revoked" : response.body());
            return response.statusCode() < 300 ? 0 : 1;
        } catch (IOException e) {
            err.println("cannot reach " + url + ": " + Unreachable.describe(server, e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
