package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;

/** The reference engine against its own hand-worked cases (its agreement with itself is trivially true). */
class MemoryEngineContractTest extends AnalyticsEngineContract {

    private static final MemoryStore STORE = MemoryStore.of(events());

    @Override
    protected AnalyticsEngine engine() {
        return STORE;
    }
}
