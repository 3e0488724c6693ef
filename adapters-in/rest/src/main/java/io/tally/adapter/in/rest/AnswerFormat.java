package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** How an answer is sent: JSON (the default) or CSV, chosen by {@code ?format=} or else the {@code Accept} header. */
enum AnswerFormat {
    JSON, CSV;

    /** The format asked for; empty (after a 406 problem) when it is one Tally does not write. */
    static Optional<AnswerFormat> of(ServerRequest request, ServerResponse response) {
        Optional<String> asked = request.query().first("format").asOptional();
        if (asked.isPresent()) {
            switch (asked.get()) {
                case "json" -> {
                    return Optional.of(JSON);
                }
                case "csv" -> {
                    return Optional.of(CSV);
                }
                default -> {
                    Problems.send(response, Status.NOT_ACCEPTABLE_406, "not-acceptable", "Unknown format",
                            "format is json or csv");
                    return Optional.empty();
                }
            }
        }
        boolean csv = request.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/csv")).orElse(false);
        return Optional.of(csv ? CSV : JSON);
    }

    /** The cache's name for answers in this format. */
    String form() {
        return this == JSON ? "rest-json" : "rest-csv";
    }

    byte[] render(Map<String, Object> chart) {
        if (this == JSON) {
            return Json.write(chart);
        }
        StringWriter out = new StringWriter();
        Csv.table(out, chart);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    void headers(ServerResponse response, String name) {
        if (this == JSON) {
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
        } else {
            response.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8; header=present");
            response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tally-" + name + ".csv\"");
        }
    }
}
