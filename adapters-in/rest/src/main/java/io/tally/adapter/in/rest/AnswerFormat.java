package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AnalyticsQuery;
import io.tally.application.port.in.AnswerForm;
import io.tally.application.port.in.RenderReportsUseCase;
import io.tally.application.port.in.ReportSection;
import io.tally.application.port.in.shape.Csv;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How an answer is sent: JSON (the default), CSV or a PDF report, chosen by {@code ?format=} or else the
 * {@code Accept} header.
 */
enum AnswerFormat {
    JSON, CSV, PDF;

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
                case "pdf" -> {
                    return Optional.of(PDF);
                }
                default -> {
                    Problems.send(response, Status.NOT_ACCEPTABLE_406, "not-acceptable", "Unknown format",
                            "format is json, csv or pdf");
                    return Optional.empty();
                }
            }
        }
        String accept = request.headers().first(HeaderNames.ACCEPT).orElse("");
        return Optional.of(accept.contains("text/csv") ? CSV : accept.contains("application/pdf") ? PDF : JSON);
    }

    /** The cache's name for answers in this format: {@code rest-json}, {@code rest-csv}, {@code rest-pdf}. */
    String form() {
        return "rest-" + name().toLowerCase(Locale.ROOT);
    }

    /** How the front door writes (and caches, under {@link #form()}) this format. */
    AnswerForm form(RenderReportsUseCase reports) {
        return AnswerForm.of(form(), (chart, kind) -> render(chart, kind, reports));
    }

    /** The answer in this format; the kind titles a PDF report. */
    private byte[] render(Map<String, Object> chart, AnalyticsQuery.Kind kind, RenderReportsUseCase reports) {
        return switch (this) {
            case JSON -> Json.write(chart);
            case CSV -> {
                StringWriter out = new StringWriter();
                Csv.table(out, chart);
                yield out.toString().getBytes(StandardCharsets.UTF_8);
            }
            case PDF -> reports.pdf(title(kind), List.of(new ReportSection(title(kind), chart)));
        };
    }

    private static String title(AnalyticsQuery.Kind kind) {
        return switch (kind) {
            case REPORT -> "Tally report";
            case FUNNEL -> "Tally funnel";
            case RETENTION -> "Tally retention";
            case PATHS -> "Tally paths";
            case STICKINESS -> "Tally stickiness";
            case LIFECYCLE -> "Tally lifecycle";
            case CONVERSIONS -> "Tally goal conversions";
            case TREND -> "Tally trend";
            case TIMESERIES -> "Tally time series";
        };
    }

    void headers(ServerResponse response, String name) {
        switch (this) {
            case JSON -> response.header(HeaderNames.CONTENT_TYPE, "application/json");
            case CSV -> {
                response.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8; header=present");
                response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tally-" + name + ".csv\"");
            }
            case PDF -> {
                response.header(HeaderNames.CONTENT_TYPE, "application/pdf");
                response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tally-" + name + ".pdf\"");
            }
        }
    }
}
