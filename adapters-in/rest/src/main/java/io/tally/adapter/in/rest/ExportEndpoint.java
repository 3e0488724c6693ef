package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.ExportEventsUseCase;
import io.tally.application.port.in.shape.Csv;
import io.tally.domain.event.Event;
import io.tally.domain.event.EventWire;
import io.tally.domain.time.TimeRange;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/events/export?from=…&to=…&format=ndjson|csv}: the project's raw events with a timestamp in
 * {@code [from, to)}, streamed in time order as they are read from the store, a batch at a time, so that any range
 * leaves the server in bounded memory. NDJSON lines are the ingest format; CSV has one column a field and the
 * properties as JSON text.
 */
final class ExportEndpoint {

    private static final List<String> CSV_COLUMNS = List.of("event_id", "project_id", "user_id", "session_id", "event_type",
            "timestamp", "properties", "user_agent", "ip_address");

    private final ExportEventsUseCase export;
    private final AdmitRequestsUseCase limits;
    private final RestSettings settings;

    ExportEndpoint(ExportEventsUseCase export, AdmitRequestsUseCase limits, RestSettings settings) {
        this.export = export;
        this.limits = limits;
        this.settings = settings;
    }

    void get(ServerRequest request, ServerResponse response) {
        String project = KeyFilter.project(request, settings);
        if (!RateLimitHeaders.admit(limits.admitQuery(project, KeyFilter.caller(request, settings)), response, "query")) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        Instant from = instant(request, "from", violations);
        Instant to = instant(request, "to", violations);
        String format = request.query().first("format").asOptional().orElse("ndjson");
        if (!format.equals("ndjson") && !format.equals("csv")) {
            violations.add(new Violation("format", ViolationKind.UNSUPPORTED, "is ndjson or csv"));
        }
        if (violations.isEmpty() && !from.isBefore(to)) {
            violations.add(new Violation("to", ViolationKind.OUT_OF_RANGE, "must be after from"));
        }
        if (!violations.isEmpty()) {
            Problems.invalid(response, "Invalid export", violations);
            return;
        }
        boolean csv = format.equals("csv");
        response.header(HeaderNames.CONTENT_TYPE, csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"tally-events." + (csv ? "csv" : "ndjson") + "\"");
        try (OutputStream stream = response.outputStream();
             Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024)) {
            if (csv) {
                Csv.row(out, CSV_COLUMNS);
            }
            export.export(project, new TimeRange(from, to), batch -> write(out, batch, csv));
        } catch (IOException e) {
            throw new UncheckedIOException("the client stopped reading the export", e);
        }
    }

    private static void write(Writer out, List<Event> batch, boolean csv) {
        try {
            for (Event event : batch) {
                Map<String, Object> wire = EventWire.of(event);
                if (csv) {
                    List<Object> cells = new ArrayList<>();
                    CSV_COLUMNS.forEach(column -> cells.add(wire.get(column)));
                    Csv.row(out, cells);
                } else {
                    out.write(Json.plainText(wire));
                    out.write('\n');
                }
            }
            out.flush(); // each batch leaves before the next is read
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(ServerRequest request, String name, List<Violation> violations) {
        Optional<String> text = request.query().first(name).asOptional();
        if (text.isEmpty()) {
            violations.add(new Violation(name, ViolationKind.MISSING, "is required: an ISO-8601 date-time with offset"));
            return null;
        }
        try {
            return OffsetDateTime.parse(text.get()).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, ViolationKind.MALFORMED, "must be an ISO-8601 date-time with offset"));
            return null;
        }
    }
}
