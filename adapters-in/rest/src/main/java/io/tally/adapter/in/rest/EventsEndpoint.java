package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tally.application.port.in.IngestEventsCommand;
import io.tally.application.port.in.AdmitRequestsUseCase;
import io.tally.application.port.in.IngestEventsUseCase;
import io.tally.application.port.in.IngestResult;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/events}: one JSON event, a JSON array or NDJSON, up to the body limit. {@code ?wait=true}
 * answers only once the accepted events are durably stored.
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
        String mediaType = request.headers().contentType().map(HttpMediaType::mediaType)
                .map(m -> m.type() + "/" + m.subtype()).orElse("application/json");
        boolean ndjson = NDJSON.contains(mediaType);
        if (!ndjson && !mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            Problems.send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type",
                    "Unsupported media type", "send application/json (an object or an array) or application/x-ndjson");
            return;
        }
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > settings.maxBodyBytes()) {
            tooLarge(response);
            return;
        }
        byte[] body = readAtMost(request.content().inputStream(), settings.maxBodyBytes());
        if (body == null) {
            tooLarge(response);
            return;
        }
        EventDecoder.Decoded decoded;
        if (ndjson) {
            decoded = EventDecoder.ndjson(body);
        } else {
            try {
                decoded = EventDecoder.json(body);
            } catch (EventDecoder.UnreadableBody e) {
                Problems.send(response, Status.BAD_REQUEST_400, "malformed-body", "Malformed body", e.getMessage(),
                        Map.of("errors", List.of(Map.of("field", "", "reason", "malformed", "message", e.getMessage()))));
                return;
            }
        }
        if (decoded.events().isEmpty()) {
            Problems.send(response, Status.BAD_REQUEST_400, "no-events", "No events", "the body holds no event",
                    Map.of("errors", List.of(Map.of("field", "", "reason", "missing", "message", "no events"))));
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
                Map<String, Object> body202 = new LinkedHashMap<>();
                body202.put("accepted", accepted.accepted());
                body202.put("rejected", rejections(accepted.rejected()));
                body202.put("bots_excluded", accepted.botsExcluded());
                response.status(Status.ACCEPTED_202);
                response.header(HeaderNames.CONTENT_TYPE, "application/json");
                response.send(Json.write(body202));
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

    /** Reads the body, or returns null as soon as it exceeds the limit. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            in.transferTo(java.io.OutputStream.nullOutputStream()); // drain so the connection stays usable
            return null;
        }
        return bytes;
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
            errors.addAll(Problems.errors(single ? "" : "[" + r.index() + "]", r.violations()));
        }
        return errors;
    }
}
