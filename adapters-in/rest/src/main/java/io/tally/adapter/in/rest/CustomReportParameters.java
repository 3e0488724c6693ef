package io.tally.adapter.in.rest;

import io.helidon.common.uri.UriQuery;
import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of the seed's {@code GET /analytics/custom-report} as the body of {@code POST /v1/query}: lists
 * comma-separated, dates included at both ends, {@code filters} the body's JSON array URL-encoded. A parameter this
 * endpoint does not know, one given twice or one given empty is refused by name rather than ignored (see
 * {@link QueryParameters}): a dropped filter would answer a different question without saying so.
 */
final class CustomReportParameters {

    static final Set<String> KNOWN = new TreeSet<>(Set.of("start_date", "end_date", "metrics", "dimensions", "timezone",
            "filters", "format", "refresh"));

    private CustomReportParameters() {
    }

    static Validated<Map<String, Object>> body(UriQuery query) {
        QueryParameters parameters = QueryParameters.read(query, KNOWN);
        List<Violation> violations = new ArrayList<>(parameters.violations());
        Map<String, Object> body = new LinkedHashMap<>();
        parameters.get("metrics").ifPresent(m -> body.put("metrics", split(m)));
        parameters.get("dimensions").ifPresent(d -> body.put("dimensions", split(d)));
        parameters.get("timezone").ifPresent(z -> body.put("timezone", z));
        parameters.get("filters").ifPresent(f -> filters(f, violations).ifPresent(list -> body.put("filters", list)));
        Optional<String> start = parameters.get("start_date");
        Optional<String> end = parameters.get("end_date");
        if (start.isPresent() || end.isPresent()) {
            body.put("date_range", List.of(start.orElse(""), end.orElse("")));
        }
        return violations.isEmpty() ? new Validated.Valid<>(body) : new Validated.Invalid<>(violations);
    }

    /**
     * A violation of the report's rules named as this endpoint spells it: {@code start_date} for the range, the
     * list parameter for an element of {@code metrics} or {@code dimensions}; a filter keeps its path inside the
     * {@code filters} array ({@code filters[0][1]}).
     */
    static Violation named(Violation v) {
        String field = v.field();
        if (field.equals("date_range")) {
            field = "start_date";
        } else if (field.startsWith("metrics") || field.startsWith("dimensions")) {
            field = field.replaceAll("\\[\\d+]$", "");
        }
        return new Violation(field, v.kind(), v.message());
    }

    private static Optional<Object> filters(String text, List<Violation> violations) {
        try {
            Object filters = Json.readPlainValue(text);
            if (filters instanceof List<?>) {
                return Optional.of(filters);
            }
        } catch (IOException e) {
            // reported below
        }
        violations.add(new Violation("filters", ViolationKind.MALFORMED,
                "a JSON array of filters as POST /v1/query takes them, URL-encoded, such as [[\"is\",\"country\",[\"DE\"]]]"));
        return Optional.empty();
    }

    /** The list's elements as written: an empty or padded one reaches the report's rules, which refuse it by name. */
    private static List<Object> split(String list) {
        return new ArrayList<>(Arrays.asList(list.split(",", -1)));
    }
}
