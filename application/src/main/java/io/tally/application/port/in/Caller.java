package io.tally.application.port.in;

import io.tally.domain.access.KeyKind;

import java.util.Objects;

/**
 * Who is asking, for adapters that authenticate once per connection or operation (GraphQL, live): the project,
 * the identity rate limits count against ({@code key:<id>}, or {@code project:<id>} when keys are not required), and
 * what the caller may do.
 */
public record Caller(String projectId, String id, KeyKind kind) {
    public Caller {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean may(KeyKind.Scope scope) {
        return kind.allows(scope);
    }
}
