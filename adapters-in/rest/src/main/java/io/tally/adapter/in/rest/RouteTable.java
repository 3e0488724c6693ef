package io.tally.adapter.in.rest;

import io.helidon.common.uri.UriPath;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.tally.domain.access.KeyKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every route the server has, as {@code METHOD /path/{param}}, matched the way Helidon's routing matches them, so that
 * a request no route takes can be told apart: an unknown path, a known path asked with another method, or a WebSocket
 * path asked without an upgrade; and, for the REST routes, the key scope each one requires.
 */
final class RouteTable {

    /** What the routes say about a request. */
    sealed interface Verdict {
        /** Some route takes it. */
        record Routed() implements Verdict { }

        /** No route has its path. */
        record UnknownPath() implements Verdict { }

        /** Routes have its path, with these methods only. */
        record WrongMethod(Set<String> allowed) implements Verdict { }

        /** Its path is a WebSocket endpoint, and it came as a plain HTTP request. */
        record NeedsUpgrade() implements Verdict { }
    }

    private record Entry(Method method, PathMatcher path, boolean webSocket, Optional<KeyKind.Scope> scope) {
    }

    private final List<Entry> entries;

    private RouteTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param httpRoutes     {@code METHOD /path} of every HTTP route
     * @param webSocketPaths paths of the WebSocket endpoints (reached with {@code GET} and an upgrade)
     */
    static RouteTable of(List<String> httpRoutes, List<String> webSocketPaths) {
        List<Entry> entries = new ArrayList<>();
        for (String route : httpRoutes) {
            int space = route.indexOf(' ');
            entries.add(new Entry(Method.create(route.substring(0, space)), PathMatchers.create(route.substring(space + 1)),
                    false, Optional.empty()));
        }
        for (String path : webSocketPaths) {
            entries.add(new Entry(Method.GET, PathMatchers.create(path), true, Optional.empty()));
        }
        return new RouteTable(entries);
    }

    /** The REST routes with the key scope of each, in the order the routing tries them. */
    static RouteTable scoped(List<Route> routes) {
        return new RouteTable(routes.stream()
                .map(r -> new Entry(r.method(), PathMatchers.create(r.path()), false, Optional.of(r.scope())))
                .toList());
    }

    /** The key scope of the route that takes the request; empty when none does (the routing refuses it then). */
    Optional<KeyKind.Scope> scope(Method method, UriPath path) {
        return entries.stream()
                .filter(e -> !e.webSocket() && e.method().equals(method) && e.path().match(path).accepted())
                .findFirst()
                .flatMap(Entry::scope);
    }

    Verdict verdict(Method method, UriPath path) {
        Set<String> allowed = new TreeSet<>();
        boolean webSocketOnly = true;
        for (Entry entry : entries) {
            if (!entry.path().match(path).accepted()) {
                continue;
            }
            if (entry.method().equals(method) && !entry.webSocket()) {
                return new Verdict.Routed();
            }
            allowed.add(entry.method().text());
            webSocketOnly &= entry.webSocket();
        }
        if (allowed.isEmpty()) {
            return new Verdict.UnknownPath();
        }
        return webSocketOnly && method.equals(Method.GET) ? new Verdict.NeedsUpgrade() : new Verdict.WrongMethod(allowed);
    }
}
