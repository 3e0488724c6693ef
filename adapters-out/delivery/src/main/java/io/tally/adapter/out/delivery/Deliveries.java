package io.tally.adapter.out.delivery;

import io.tally.application.port.out.NotificationSender;
import io.tally.domain.delivery.Delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The delivery adapter's one public face: a sender for signed webhooks and, when SMTP is configured, e-mail. */
public final class Deliveries {

    /** The SMTP server mail goes through; a username turns on login, {@code startTls} requires TLS. */
    public record Smtp(String host, int port, String from, String username, String password, boolean startTls,
                       Duration timeout) {
    }

    private Deliveries() {
    }

    public static NotificationSender sender(Optional<Smtp> smtp, Duration timeout, Clock clock) {
        WebhookSender webhooks = new WebhookSender(timeout, clock);
        Optional<MailSender> mail = smtp.map(MailSender::new);
        return (to, notification) -> {
            switch (to) {
                case Delivery.Webhook hook -> webhooks.send(hook, notification);
                case Delivery.Email email -> mail.orElseThrow(() -> new NotificationSender.DeliveryException(
                        "e-mail is not configured (set smtp.host)")).send(email, notification);
            }
        };
    }
}
