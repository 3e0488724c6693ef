package io.tally.application.service;

import io.tally.application.port.out.NotificationSender;
import io.tally.application.port.out.NotificationTelemetry;
import io.tally.domain.delivery.Delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers a notification to each destination, retrying each one with exponential backoff (the first wait is
 * {@code backoff}, then twice that, …) up to {@code attempts} tries, and records how each ended. Callers run it on a
 * thread of their own: it waits between tries.
 */
public final class Notifications {

    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    /** How hard to try. */
    public record Settings(int attempts, Duration backoff) {
        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
        }
    }

    private final NotificationSender sender;
    private final NotificationTelemetry telemetry;
    private final Settings settings;

    public Notifications(NotificationSender sender, NotificationTelemetry telemetry, Settings settings) {
        this.sender = sender;
        this.telemetry = telemetry;
        this.settings = settings;
    }

    /**
     * @param what {@code alert} or {@code report}, for metrics
     * @return one record per destination: {@code {"channel", "to", "ok", "attempts", "error"}}
     */
    public List<Map<String, Object>> deliver(String what, List<Delivery> destinations, NotificationSender.Notification notification) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Delivery to : destinations) {
            records.add(deliver(what, to, notification));
        }
        return records;
    }

    private Map<String, Object> deliver(String what, Delivery to, NotificationSender.Notification notification) {
        String error = null;
        int attempt = 0;
        while (attempt < settings.attempts()) {
            attempt++;
            try {
                sender.send(to, notification);
                error = null;
                break;
            } catch (NotificationSender.DeliveryException e) {
                error = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, what + " delivery to " + destination(to) + " failed (attempt " + attempt
                        + " of " + settings.attempts() + "): " + error);
                if (attempt < settings.attempts() && !pause(settings.backoff().multipliedBy(1L << (attempt - 1)))) {
                    break;
                }
            }
        }
        telemetry.delivered(what, to.channel(), error == null);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("channel", to.channel());
        record.put("to", destination(to));
        record.put("ok", error == null);
        record.put("attempts", attempt);
        record.put("error", error);
        return record;
    }

    /** Where it went, without secrets: a webhook's host and path, or the addresses. */
    static String destination(Delivery to) {
        return switch (to) {
            case Delivery.Webhook hook -> hook.url().getScheme() + "://" + hook.url().getAuthority() + hook.url().getPath();
            case Delivery.Email email -> String.join(", ", email.to());
        };
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
