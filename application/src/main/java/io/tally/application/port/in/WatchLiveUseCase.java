package io.tally.application.port.in;

import io.tally.domain.event.Event;
import io.tally.domain.live.LiveQuery;
import io.tally.domain.live.LiveTail;
import io.tally.domain.query.Report;

import java.util.List;
import java.util.function.Consumer;

/**
 * Live dashboards: a query over a trailing window whose answer is pushed when its numbers change, and a sampled
 * tail of raw events. Listeners are called from one delivery thread and must return quickly (hand off, never
 * block on a client).
 */
public interface WatchLiveUseCase {

    /** The full answer now (to {@code updates}, before this returns), then each changed answer every interval. */
    Subscription watch(LiveQuery query, Consumer<Answer<Report>> updates);

    /** Batches of sampled events every interval, when there are any. */
    Subscription tail(LiveTail tail, Consumer<TailBatch> batches);

    /** A batch of sampled events; {@code dropped} counts selected events left out because the batch was full. */
    record TailBatch(List<Event> events, long dropped) {
        public TailBatch {
            events = List.copyOf(events);
        }
    }

    /** Stops a watch or a tail; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
