package io.tally.bootstrap;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;
import io.tally.adapter.out.metrics.HelidonTelemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What Tally depends on, as readiness checks and {@code tally_dependency_up} gauges. Only the store decides
 * readiness: without it nothing works. Kafka and Redis are shared by every node, so taking one node out of the load
 * balancer for them would help no one; their outage is reported as a named degraded state instead. Liveness
 * depends on nothing outside the process.
 */
final class Dependencies {

    /** One dependency: whether it answers, and what Tally does while it does not (empty when it is essential). */
    record Dependency(String name, BooleanSupplier answers, String whileDown) {
        boolean essential() {
            return whileDown.isEmpty();
        }
    }

    private final List<Dependency> all = new ArrayList<>();

    Dependencies add(String name, BooleanSupplier answers, String whileDown) {
        all.add(new Dependency(name, answers, whileDown));
        return this;
    }

    void report(HelidonTelemetry telemetry) {
        all.forEach(d -> telemetry.dependency(d.name(), d.answers()));
    }

    HealthObserver observer() {
        var builder = HealthObserver.builder()
                .details(true)
                .addCheck(() -> HealthCheckResponse.builder().status(true).build(), HealthCheckType.LIVENESS, "process");
        for (Dependency d : all) {
            builder.addCheck(() -> {
                boolean up = d.answers().getAsBoolean();
                HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(up || !d.essential())
                        .detail("state", up ? "up" : d.essential() ? "down" : "degraded");
                if (!up && !d.essential()) {
                    response.detail("effect", d.whileDown());
                }
                return response.build();
            }, HealthCheckType.READINESS, d.name());
        }
        return builder.build();
    }
}
