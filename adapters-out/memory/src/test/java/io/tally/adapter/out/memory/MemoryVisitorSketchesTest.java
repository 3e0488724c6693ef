package io.tally.adapter.out.memory;

import io.tally.application.port.out.AnalyticsEngine;
import io.tally.application.port.out.RollupStore;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Group;
import io.tally.domain.query.Source;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The reference's own sketches (built from its events per hour and type) hold to the contract. */
class MemoryVisitorSketchesTest extends VisitorSketchesContract {

    private static final MemoryStore STORE = MemoryStore.of(AgreementCases.events());

    /** The reference as a store of pre-aggregates: exact facts from its events, visitors from its sketches. */
    private static final RollupStore ROLLUPS = new RollupStore() {
        @Override
        public Map<Group, Aggregates> aggregate(AggregateQuery query) {
            return STORE.aggregate(query);
        }

        @Override
        public Map<Group, Aggregates> sessions(AggregateQuery query) {
            return STORE.aggregate(query);
        }

        @Override
        public Map<Group, Aggregates> visitors(AggregateQuery query) {
            return STORE.visitors(query);
        }

        @Override
        public Set<Source> sources() {
            return EnumSet.of(Source.ROLLUP, Source.SESSIONS, Source.SKETCH);
        }

        @Override
        public long refresh() {
            return 0;
        }
    };

    @Override
    protected RollupStore rollups() {
        return ROLLUPS;
    }

    @Override
    protected AnalyticsEngine engine() {
        return STORE;
    }
}
