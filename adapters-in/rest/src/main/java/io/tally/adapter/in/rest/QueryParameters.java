package io.tally.adapter.in.rest;

import io.helidon.common.uri.UriQuery;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a GET query route, read as written: a parameter the route does not know, one given twice or one
 * given empty is refused by name. Each would otherwise be dropped or defaulted silently: {@code timezon=Asia/Tokyo} or
 * {@code timezone=} answered in UTC, the second {@code metric=} went unread.
 */
record QueryParameters(Map<String, String> values, List<Violation> violations) {

    static QueryParameters read(UriQuery query, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (String name : new TreeSet<>(query.names())) {
            List<String> given = query.all(name);
            if (!known.contains(name)) {
                violations.add(new Violation(name, ViolationKind.UNKNOWN_FIELD,
                        "not a parameter of this endpoint; it takes " + String.join(", ", new TreeSet<>(known))));
            } else if (given.size() > 1) {
                violations.add(new Violation(name, ViolationKind.TOO_MANY, "given more than once"));
            } else if (given.getFirst().isBlank()) {
                violations.add(new Violation(name, ViolationKind.BLANK, "is empty; leave it out for its default"));
            } else {
                values.put(name, given.getFirst());
            }
        }
        return new QueryParameters(Map.copyOf(values), List.copyOf(violations));
    }

    /** The parameter's value as written, when it was given (and not refused). */
    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
