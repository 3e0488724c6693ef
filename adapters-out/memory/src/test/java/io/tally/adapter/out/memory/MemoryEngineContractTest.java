package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;

/**
 * The reference engine (the domain's definitions over a list) against the hand-worked cases only: the agreement
 * cases compare an engine with it, which for itself would always pass.
 */
class MemoryEngineContractTest extends HandWorkedContract {

    private static final MemoryStore STORE = MemoryStore.of(events());

    @Override
    protected AnalyticsEngine engine() {
        return STORE;
    }
}
