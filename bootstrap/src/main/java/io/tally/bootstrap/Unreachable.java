package io.tally.bootstrap;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * What a command that calls a server says when the call fails: what went wrong and where, in one line and without a
 * stack trace (the JDK's HTTP client reports a refused connection as a ConnectException without a message, which
 * was printed as "cannot reach …: null").
 */
final class Unreachable {

    private Unreachable() {
    }

    static String describe(URI uri, Exception failure) {
        String where = uri.getHost() + ":" + port(uri);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // the most telling first: a connect timeout is also an HTTP timeout
            if (cause instanceof HttpConnectTimeoutException) {
                return "no connection to " + where + " in time (is the server up?)";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no answer from " + where + " in time";
            }
            if (cause instanceof ConnectException) {
                String reason = message(cause);
                return reason == null || reason.contains("refused")
                        ? "connection refused at " + where + " (is the server running there?)"
                        : "no connection to " + where + ": " + reason;
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host " + uri.getHost();
            }
        }
        String reason = message(failure);
        return (reason == null ? failure.getClass().getSimpleName() : reason) + " (" + where + ")";
    }

    /** The first message in the chain of causes, if any has one. */
    private static String message(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return null;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
