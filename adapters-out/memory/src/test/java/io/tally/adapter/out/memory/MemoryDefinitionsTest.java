package io.tally.adapter.out.memory;

import io.tally.application.port.out.DefinitionStore;

class MemoryDefinitionsTest extends DefinitionStoreContract {

    private final MemoryDefinitions store = new MemoryDefinitions();

    @Override
    protected DefinitionStore store() {
        return store;
    }
}
