package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;
import io.tally.application.port.in.SetAside;
import io.tally.domain.event.WireDecoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/events}: one JSON event, a JSON array or NDJSON, up to the body limit. {@code ?wait=true}
 * answers once the accepted events are durably stored (or set aside, listed), or with 503 {@code not-yet-stored}
 * once the writer's wait bound passed.
 */
final class EventsEndpoint {

    private static final Set<String> NDJSON = Set.of("application/x-ndjson", "application/ndjson",
            "application/jsonl", "application/x-jsonlines");

    private final IngestEventsUseCase ingest;
    private final AdmitRequestsUseCase limits;
    private final RestSettings settings;

    EventsEndpoint(IngestEventsUseCase ingest, AdmitRequestsUseCase limits, RestSettings settings) {
        this.limits = limits;
        this.ingest = ingest;
        this.settings = settings;
    }

    void post(ServerRequest request, ServerResponse response) throws IOException {
        Optional<MediaType> mediaType = RequestBodies.mediaType(request, response,
                type -> type.isJson() || NDJSON.contains(type.essence()),
                "application/json (an object or an array) or application/x-ndjson");
        if (mediaType.isEmpty()) {
            return;
        }
        boolean ndjson = NDJSON.contains(mediaType.get().essence());
        Optional<byte[]> read = RequestBodies.read(request, response, settings.maxBodyBytes(), () -> tooLarge(response));
        if (read.isEmpty()) {
            return;
        }
        byte[] body = read.get();
        WireDecoder.Decoded decoded;
        if (ndjson) {
            decoded = EventDecoder.ndjson(body);
        } else {
            try {
                decoded = EventDecoder.json(body);
            } catch (WireDecoder.UnreadableBody e) {
                Problems.send(response, Status.BAD_REQUEST_400, "malformed-body", "Malformed body",
                        (e.field().isEmpty() ? "" : e.field() + ": ") + e.getMessage(), Map.of("errors",
                                List.of(Map.of("field", e.field().isEmpty() ? "body" : e.field(), "reason", "malformed",
                                        "message", e.getMessage()))));
                return;
            }
        }
        if (decoded.events().isEmpty()) {
            Problems.send(response, Status.BAD_REQUEST_400, "no-events", "No events", "the body holds no event",
                    Map.of("errors", List.of(Map.of("field", "body", "reason", "missing", "message", "no events"))));
            return;
        }
        boolean wait = request.query().first("wait").asOptional().map(Boolean::parseBoolean).orElse(false);
        // a batch of N events takes N tokens, valid or not: parsing and validating them is the work being limited
        if (!RateLimitHeaders.admitBatch(limits.admitIngest(KeyFilter.project(request, settings), KeyFilter.caller(request, settings),
                decoded.events().size()), response, decoded.events().size())) {
            return;
        }
        IngestResult result = ingest.ingest(new IngestEventsCommand(KeyFilter.project(request, settings), decoded.events(), wait));
        switch (result) {
            case IngestResult.Accepted accepted -> {
                Map<String, Object> body202 = counts(accepted);
                if (!accepted.setAside().isEmpty()) {
                    body202.put("set_aside", setAside(accepted.setAside()));
                }
                response.status(Status.ACCEPTED_202);
                response.header(HeaderNames.CONTENT_TYPE, "application/json");
                response.send(Json.write(body202));
            }
            case IngestResult.NotYetStored pending -> {
                response.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, pending.retryAfter().toSeconds())));
                Problems.send(response, Status.SERVICE_UNAVAILABLE_503, "not-yet-stored", "Accepted, not yet stored",
                        pending.accepted().accepted() + " event(s) were accepted and will be stored, but were not stored "
                                + "within " + pending.waited().toSeconds() + " s; re-sending them is safe: the store keeps "
                                + "each (project_id, event_id) once", counts(pending.accepted()));
            }
            case IngestResult.NothingValid none -> Problems.send(response, Status.BAD_REQUEST_400, "invalid-events",
                    "No valid events", "none of the " + decoded.events().size() + " event(s) is valid; see errors",
                    Map.of("errors", flatErrors(none.rejected(), decoded.single()),
                            "rejected", rejections(none.rejected())));
            case IngestResult.Unavailable unavailable -> {
                response.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, unavailable.retryAfter().toSeconds())));
                Problems.send(response, Status.SERVICE_UNAVAILABLE_503, "log-unavailable", "Event log unavailable",
                        "nothing was accepted; " + unavailable.reason());
            }
            case IngestResult.Overloaded overloaded -> {
                response.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, overloaded.retryAfter().toSeconds())));
                Problems.send(response, Status.SERVICE_UNAVAILABLE_503, "overloaded", "Ingestion is saturated",
                        "nothing was accepted; retry after " + overloaded.retryAfter().toSeconds() + " s");
            }
        }
    }

    private void tooLarge(ServerResponse response) {
        Problems.send(response, Status.REQUEST_ENTITY_TOO_LARGE_413, "body-too-large", "Body too large",
                "the body exceeds " + settings.maxBodyBytes() + " bytes; split it into smaller batches");
    }

    private static Map<String, Object> counts(IngestResult.Accepted accepted) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("accepted", accepted.accepted());
        counts.put("duplicates", accepted.duplicates());
        counts.put("rejected", rejections(accepted.rejected()));
        counts.put("bots_excluded", accepted.botsExcluded());
        return counts;
    }

    private static List<Map<String, String>> setAside(List<SetAside> events) {
        return events.stream().map(e -> Map.of("event_id", e.eventId(), "reason", e.reason())).toList();
    }

    private static List<Map<String, Object>> rejections(List<IngestResult.Rejection> rejected) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (IngestResult.Rejection r : rejected) {
            list.add(Map.of("index", r.index(), "errors", Problems.errors("", r.violations())));
        }
        return list;
    }

    private static List<Map<String, String>> flatErrors(List<IngestResult.Rejection> rejected, boolean single) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (IngestResult.Rejection r : rejected) {
            // a problem with a body's one event as a whole (too large, unreadable) is the body's
            errors.addAll(Problems.errors(single ? "" : "[" + r.index() + "]", r.violations()).stream()
                    .map(e -> e.get("field").isEmpty() ? Map.of("field", "body", "reason", e.get("reason"),
                            "message", e.get("message")) : e).toList());
        }
        return errors;
    }
}
