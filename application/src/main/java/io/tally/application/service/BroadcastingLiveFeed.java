package io.tally.application.service;

import io.tally.application.port.out.LiveFeed;
import io.tally.application.port.out.NodeBroadcast;
import io.tally.domain.event.Event;

import java.util.List;

/**
 * The live feed of a node among several: what this node stored goes to its own live views and to the other nodes;
 * what they stored comes back into this node's live views.
 */
public final class BroadcastingLiveFeed implements LiveFeed {

    private final LiveFeed here;
    private final NodeBroadcast nodes;

    public BroadcastingLiveFeed(LiveFeed here, NodeBroadcast nodes) {
        this.here = here;
        this.nodes = nodes;
        nodes.onEventsStored(here::stored);
    }

    @Override
    public void stored(List<Event> events) {
        here.stored(events);
        nodes.eventsStored(events);
    }

    @Override
    public void missed() {
        here.missed();
    }
}
