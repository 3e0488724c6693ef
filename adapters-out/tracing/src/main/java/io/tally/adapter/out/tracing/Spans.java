package io.tally.adapter.out.tracing;

import io.helidon.tracing.Scope;
import io.helidon.tracing.Span;
import io.helidon.tracing.Tracer;

import java.util.function.Supplier;

/** Runs work inside a span that is a child of the current one, ending it with the outcome. */
final class Spans {

    private Spans() {
    }

    static <T> T inSpan(Tracer tracer, String name, String store, Supplier<T> work) {
        Span.Builder<?> builder = tracer.spanBuilder(name).kind(Span.Kind.CLIENT).tag("db.system", store);
        Span.current().ifPresent(parent -> builder.parent(parent.context()));
        Span span = builder.start();
        try (Scope ignored = span.activate()) {
            T result = work.get();
            span.end();
            return result;
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
    }
}
