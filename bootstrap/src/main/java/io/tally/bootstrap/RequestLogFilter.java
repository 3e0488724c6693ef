package io.tally.bootstrap;

import io.helidon.http.HeaderNames;
import io.helidon.tracing.Span;
import io.helidon.tracing.SpanContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tally.domain.access.ApiKey;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request a request id ({@code X-Request-Id}, kept when the caller sends a plain token: letters, digits,
 * {@code . _ -}, at most 64, nothing shaped like a key or an address; anything else is replaced by a new id, never
 * echoed) and a W3C trace context ({@code traceparent}: the caller's trace id is continued, or a new one starts),
 * binds both for the log lines written while the request runs, answers with both headers, and writes one access line
 * per request: method, path (never the query string), status, duration and project. Keys and client addresses are
 * never logged.
 */
final class RequestLogFilter implements Filter {

    private final boolean accessLines;

    /** @param accessLines write the access line (on with JSON logs; off in the quiet text default) */
    RequestLogFilter(boolean accessLines) {
        this.accessLines = accessLines;
    }

    private static final System.Logger LOG = System.getLogger("io.tally.access");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        // with tracing on, the request's span (made by Helidon's tracing observer) decides the ids
        Optional<SpanContext> span = Span.current()
                .map(Span::context).filter(c -> !c.traceId().equals("0".repeat(32)));
        String traceId = span.map(SpanContext::traceId).orElseGet(() ->
                request.headers().first(HeaderNames.create("traceparent"))
                .map(TRACEPARENT::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .filter(id -> !id.equals("0".repeat(32))).orElseGet(() -> hex(16)));
        String requestId = request.headers().first(HeaderNames.create("X-Request-Id"))
                .filter(id -> REQUEST_ID.matcher(id).matches() && LogMask.isClean(id)).orElseGet(() -> hex(8));
        response.header("X-Request-Id", requestId);
        response.header("traceparent", "00-" + traceId + "-" + span.map(SpanContext::spanId)
                .orElseGet(() -> hex(8)) + "-01");
        ScopedValue.where(LogContext.CURRENT, new LogContext(requestId, traceId)).run(() -> {
            try {
                chain.proceed();
            } finally {
                if (accessLines) {
                    access(request, response, started);
                }
            }
        });
    }

    private static void access(RoutingRequest request, RoutingResponse response, long started) {
        String project = request.context().get(ApiKey.class).map(ApiKey::projectId).orElse("-");
        LOG.log(System.Logger.Level.INFO, "{0} {1} {2} {3} ms project={4}", request.prologue().method().text(),
                request.path().path(), String.valueOf(response.status().code()),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e6), project);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

}
