package io.tally.adapter.in.rest;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies alike on every route that takes one: the declared media type (a body without one is read as
 * JSON), the {@code Content-Encoding} (none or gzip, which SDKs send), and the size limit, which applies to the
 * decompressed body as well as to the bytes received, so a small gzip body that expands without end is a 413.
 * Every refusal is a problem naming the header at fault.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The body's media type ({@link MediaType#JSON} when none is declared), or empty after a 415 was sent. */
    static Optional<MediaType> mediaType(ServerRequest request, ServerResponse response, Predicate<MediaType> accepted,
                                         String expected) {
        Optional<String> header = request.headers().first(HeaderNames.CONTENT_TYPE);
        if (header.isEmpty()) {
            return Optional.of(MediaType.JSON);
        }
        Optional<MediaType> type = MediaType.parse(header.get());
        if (type.isPresent() && accepted.test(type.get()) && type.get().isUtf8()) {
            return type;
        }
        String message = type.isEmpty() ? "is not a media type"
                : !accepted.test(type.get()) ? type.get().essence() + " is not taken here"
                : "JSON is UTF-8; charset " + type.get().parameters().get("charset") + " is not taken";
        Problems.send(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type", "Unsupported media type",
                "send " + expected + " (a body without Content-Type is read as JSON)", Map.of("errors",
                        List.of(Map.of("field", "Content-Type", "reason", "unsupported", "message", message))));
        return Optional.empty();
    }

    /**
     * The body, decoded from its {@code Content-Encoding}, or empty after a problem was sent: {@code tooLarge} sends
     * the route's own 413 when the body, received or decompressed, exceeds {@code limit} bytes.
     */
    static Optional<byte[]> read(ServerRequest request, ServerResponse response, long limit, Runnable tooLarge) {
        String encoding = request.headers().first(HeaderNames.CONTENT_ENCODING)
                .map(value -> value.trim().toLowerCase(Locale.ROOT)).orElse("");
        boolean gzip = encoding.equals("gzip") || encoding.equals("x-gzip");
        if (!gzip && !encoding.isEmpty() && !encoding.equals("identity")) {
            encodingProblem(response, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported",
                    encoding + " is not taken; send the body uncompressed or with Content-Encoding: gzip");
            return Optional.empty();
        }
        if (request.headers().contentLength().orElse(-1) > limit) {
            tooLarge.run();
            return Optional.empty();
        }
        InputStream raw = request.content().inputStream();
        Capped received = new Capped(raw, limit);
        try {
            InputStream body = gzip ? new GZIPInputStream(received) : received;
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit || received.exceeded) {
                drain(raw);
                tooLarge.run();
                return Optional.empty();
            }
            return Optional.of(bytes);
        } catch (ZipException | EOFException e) {
            drain(raw);
            if (received.exceeded) {
                tooLarge.run();
            } else {
                encodingProblem(response, Status.BAD_REQUEST_400, "malformed", "says gzip, but the body is not "
                        + "complete gzip data: " + e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what is left as sent (never decompressed), so the connection stays usable. */
    private static void drain(InputStream raw) {
        try {
            raw.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void encodingProblem(ServerResponse response, Status status, String reason, String message) {
        Problems.send(response, status, "unsupported-content-encoding", "Content-Encoding not taken", message,
                Map.of("errors", List.of(Map.of("field", "Content-Encoding", "reason", reason, "message", message))));
    }

    /** The bytes received, ended after {@code limit} of them (and marked, so the caller can tell an end from a cut). */
    private static final class Capped extends FilterInputStream {
        private long left;
        private boolean exceeded;

        Capped(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public long skip(long count) throws IOException {
            return count <= 0 ? 0 : Math.max(0, read(new byte[(int) Math.min(count, 8192)])); // through the cap
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                if (in.read() >= 0) {
                    exceeded = true;
                }
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read > 0) {
                left -= read;
            }
            return read;
        }
    }
}
