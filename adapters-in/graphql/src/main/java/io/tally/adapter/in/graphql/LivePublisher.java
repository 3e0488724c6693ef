package io.tally.adapter.in.graphql;

import io.tally.application.port.in.WatchLiveUseCase;
import io.tally.application.port.in.shape.Charts;
import io.tally.domain.live.LiveQuery;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.Map;

/**
 * A live query as the publisher a GraphQL subscription field returns: answers in the chart shape, as the hub pushes
 * them. Without demand only the newest answer is kept (conflated), so a slow subscriber never makes a queue grow.
 */
final class LivePublisher implements Publisher<Map<String, Object>> {

    private final WatchLiveUseCase live;
    private final LiveQuery query;

    LivePublisher(WatchLiveUseCase live, LiveQuery query) {
        this.live = live;
        this.query = query;
    }

    @Override
    public void subscribe(Subscriber<? super Map<String, Object>> subscriber) {
        Demand demand = new Demand(subscriber);
        subscriber.onSubscribe(demand);
        demand.watch = live.watch(query, answer -> demand.offer(Charts.report(answer)));
        if (demand.isCancelled()) {
            demand.watch.close();
        }
    }

    private static final class Demand implements Subscription {
        private final Subscriber<? super Map<String, Object>> subscriber;
        private long requested;
        private Map<String, Object> newest;
        private boolean cancelled;
        volatile WatchLiveUseCase.Subscription watch;

        Demand(Subscriber<? super Map<String, Object>> subscriber) {
            this.subscriber = subscriber;
        }

        synchronized void offer(Map<String, Object> answer) {
            if (cancelled) {
                return;
            }
            if (requested > 0) {
                requested--;
                subscriber.onNext(answer);
            } else {
                newest = answer;
            }
        }

        @Override
        public synchronized void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request a positive number (rule 3.9)"));
                return;
            }
            requested = Math.min(Long.MAX_VALUE - n, requested) + n;
            if (newest != null && !cancelled) {
                Map<String, Object> answer = newest;
                newest = null;
                requested--;
                subscriber.onNext(answer);
            }
        }

        synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
                newest = null;
            }
            WatchLiveUseCase.Subscription w = watch;
            if (w != null) {
                w.close();
            }
        }
    }
}
