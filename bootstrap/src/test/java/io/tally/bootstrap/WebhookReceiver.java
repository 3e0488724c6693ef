package io.tally.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server that takes webhooks as a user's endpoint would: it answers 500 to the first {@code failFirst}
 * posts (or to all), keeps every delivery it took, and checks signatures by its own HMAC computation.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One post as received: its headers and body, and whether it was taken (2xx) or refused. */
    record Delivery(Map<String, List<String>> headers, byte[] body, boolean taken) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("a webhook body is not JSON", e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        /** Whether {@code X-Tally-Signature: t=…,v1=…} is the HMAC-SHA256 of "t.body" under the secret. */
        boolean signedWith(String secret) throws Exception {
            String signature = header("X-Tally-Signature");
            String t = signature.replaceAll("^t=(\\d+),v1=.*$", "$1");
            String v1 = signature.replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body)).equals(v1);
        }
    }

    private final HttpServer server;
    private final AtomicInteger refusalsLeft;
    private final List<Delivery> all = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Delivery> taken = new LinkedBlockingQueue<>();

    /** @param failFirst how many posts to refuse before taking them; negative refuses every one */
    WebhookReceiver(int failFirst) throws IOException {
        this.refusalsLeft = new AtomicInteger(failFirst);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean refuse = refusalsLeft.get() < 0 || refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            Delivery delivery = new Delivery(Map.copyOf(exchange.getRequestHeaders()), body, !refuse);
            all.add(delivery);
            if (!refuse) {
                taken.add(delivery);
            }
            exchange.sendResponseHeaders(refuse ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next taken delivery that matches, skipping others; fails after the timeout. */
    Delivery await(Predicate<Delivery> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Delivery next = taken.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching webhook within " + timeout + "; received " + all.size());
            }
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    List<Delivery> all() {
        return all;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
