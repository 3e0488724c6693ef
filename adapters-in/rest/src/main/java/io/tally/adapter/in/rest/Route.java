package io.tally.adapter.in.rest;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.tally.domain.access.KeyKind;

/** One route: an HTTP method, a path pattern, the key scope a caller needs for it, and its handler. */
record Route(Method method, String path, KeyKind.Scope scope, Handler handler) {

    /** {@code METHOD /path}, as the OpenAPI document and the route table name it. */
    String key() {
        return method.text() + " " + path;
    }
}
