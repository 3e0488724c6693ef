package io.tally.domain.delivery;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where a notification or a scheduled report goes. */
public sealed interface Delivery {

    /** A short name for metrics and delivery records: {@code webhook} or {@code email}. */
    String channel();

    /** An HTTP POST of a JSON body, signed with HMAC-SHA256 under the secret (see docs/alerts.md). */
    record Webhook(URI url, String secret) implements Delivery {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("a webhook is an http or https URL");
            }
        }

        @Override
        public String channel() {
            return "webhook";
        }
    }

    /** A mail to each address, through the configured SMTP server. */
    record Email(List<String> to) implements Delivery {
        public static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>]{1,64}@[A-Za-z0-9.-]{1,253}");

        public Email {
            to = List.copyOf(to);
            if (to.isEmpty() || !to.stream().allMatch(a -> ADDRESS.matcher(a).matches())) {
                throw new IllegalArgumentException("an e-mail delivery needs plain addresses");
            }
        }

        @Override
        public String channel() {
            return "email";
        }
    }
}
