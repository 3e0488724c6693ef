package io.tally.domain.request;

import io.tally.domain.delivery.Delivery;
import io.tally.domain.validation.ViolationKind;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads where notifications go: {@code [{"webhook": "https://…", "secret": "…"}, {"email": ["a@example.com"]}]}.
 * A webhook secret (16 to 200 characters) signs each body; it is write-only: answers show its last 4 characters.
 */
public final class DeliveryRequests {

    public static final int MAX_DELIVERIES = 10;
    private static final Set<String> FIELDS = Set.of("webhook", "secret", "email");

    private DeliveryRequests() {
    }

    static List<Delivery> parse(Wire wire, Object value, String field) {
        List<Object> items = wire.list(value, field);
        if (items.size() > MAX_DELIVERIES) {
            wire.violation(field, ViolationKind.TOO_MANY, "at most " + MAX_DELIVERIES + " deliveries");
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = Wire.index(field, i);
            Map<String, Object> object = wire.object(items.get(i), at, FIELDS);
            if (object.containsKey("webhook") == object.containsKey("email")) {
                wire.violation(at, ViolationKind.MALFORMED, "is either {\"webhook\", \"secret\"} or {\"email\": [addresses]}");
            } else if (object.containsKey("webhook")) {
                String url = wire.requiredText(object, "webhook", Wire.join(at, "webhook"));
                String secret = wire.requiredText(object, "secret", Wire.join(at, "secret"));
                if (secret != null && (secret.length() < 16 || secret.length() > 200)) {
                    wire.violation(Wire.join(at, "secret"), ViolationKind.OUT_OF_RANGE, "must be 16 to 200 characters");
                } else if (url != null && secret != null) {
                    try {
                        deliveries.add(new Delivery.Webhook(URI.create(url), secret));
                    } catch (IllegalArgumentException e) {
                        wire.violation(Wire.join(at, "webhook"), ViolationKind.MALFORMED, "must be an http or https URL");
                    }
                }
            } else {
                List<String> addresses = new ArrayList<>();
                List<Object> to = wire.list(object.get("email"), Wire.join(at, "email"));
                for (int j = 0; j < to.size(); j++) {
                    if (to.get(j) instanceof String address && Delivery.Email.ADDRESS.matcher(address).matches()) {
                        addresses.add(address);
                    } else {
                        wire.violation(Wire.index(Wire.join(at, "email"), j), ViolationKind.MALFORMED, "must be an e-mail address");
                    }
                }
                if (to.isEmpty() || to.size() > 20) {
                    wire.violation(Wire.join(at, "email"), ViolationKind.OUT_OF_RANGE, "lists 1 to 20 addresses");
                } else if (addresses.size() == to.size()) {
                    deliveries.add(new Delivery.Email(addresses));
                }
            }
        }
        return deliveries;
    }

    /** The stored form, secret included. */
    static List<Object> wire(List<Delivery> deliveries) {
        List<Object> wire = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            Map<String, Object> d = new LinkedHashMap<>();
            switch (delivery) {
                case Delivery.Webhook hook -> {
                    d.put("webhook", hook.url().toString());
                    d.put("secret", hook.secret());
                }
                case Delivery.Email email -> d.put("email", email.to());
            }
            wire.add(d);
        }
        return wire;
    }

    /** A stored form as answers show it: each secret cut to its last 4 characters. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withoutSecrets(Map<String, Object> wire, String key) {
        Map<String, Object> shown = new LinkedHashMap<>(wire);
        List<Object> deliveries = new ArrayList<>();
        for (Object d : (List<Object>) wire.getOrDefault(key, List.of())) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) d);
            copy.computeIfPresent("secret", (k, s) -> "…" + s.toString().substring(s.toString().length() - 4));
            deliveries.add(copy);
        }
        shown.put(key, deliveries);
        return shown;
    }
}
