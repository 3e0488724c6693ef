package io.tally.adapter.out.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.application.port.out.NotificationSender;
import io.tally.domain.delivery.Delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs a notification as JSON: the payload, with any files as {@code {"name", "content_type", "content_base64"}}
 * under {@code files}. Signed as {@code X-Tally-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}; the
 * timestamp inside the signature lets a receiver refuse replays. Any 2xx is taken; anything else is a failure.
 */
final class WebhookSender {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    void send(Delivery.Webhook hook, NotificationSender.Notification notification) {
        byte[] body = body(notification);
        long at = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tally-Webhook/1")
                .header("X-Tally-Delivery", notification.id())
                .header("X-Tally-Event", String.valueOf(notification.payload().get("type")))
                .header(Signature.HEADER, Signature.header(hook.secret(), at, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new NotificationSender.DeliveryException("the webhook answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new NotificationSender.DeliveryException("the webhook could not be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationSender.DeliveryException("interrupted while posting the webhook", e);
        }
    }

    static byte[] body(NotificationSender.Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>(notification.payload());
        if (!notification.attachments().isEmpty()) {
            List<Object> files = new ArrayList<>();
            for (NotificationSender.Attachment file : notification.attachments()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("name", file.name());
                f.put("content_type", file.contentType());
                f.put("content_base64", Base64.getEncoder().encodeToString(file.content()));
                files.add(f);
            }
            body.put("files", files);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a notification is plain data", e);
        }
    }
}
