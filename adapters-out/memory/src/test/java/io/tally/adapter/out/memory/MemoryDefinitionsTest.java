package io.tally.adapter.out.memory;

import io.tally.application.fake.MemoryDefinitions;
import io.tally.application.port.out.DefinitionStore;

/** The definition store contract on the core's fake, so that the core's tests stand on a store that keeps it. */
class MemoryDefinitionsTest extends DefinitionStoreContract {

    private final MemoryDefinitions store = new MemoryDefinitions();

    @Override
    protected DefinitionStore store() {
        return store;
    }
}
