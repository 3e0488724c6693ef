package io.tally.application.port.out;

import io.tally.domain.delivery.Delivery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Sends one notification to one destination, once; retries are the caller's. */
public interface NotificationSender {

    /** @throws DeliveryException when the destination did not take it (a refusal, a timeout, no SMTP configured) */
    void send(Delivery to, Notification notification);

    /**
     * What is sent. A webhook gets the payload as JSON with the attachments inside (base64), signed; a mail gets the
     * subject, the text and the attachments. The id stays the same across retries, so receivers can drop repeats.
     */
    record Notification(String id, String subject, String text, Map<String, Object> payload, List<Attachment> attachments) {
        public Notification {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(payload, "payload");
            attachments = List.copyOf(attachments);
        }
    }

    /** A file sent along. */
    record Attachment(String name, String contentType, byte[] content) {
    }

    /** A destination did not take a notification. */
    final class DeliveryException extends RuntimeException {
        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }

        public DeliveryException(String message) {
            super(message);
        }
    }
}
