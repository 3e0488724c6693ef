package io.tally.application.service;

import io.tally.application.port.in.Answer;
import io.tally.application.port.in.WatchLiveUseCase;
import io.tally.application.port.out.EventArchive;
import io.tally.application.port.out.LiveFeed;
import io.tally.domain.event.Event;
import io.tally.domain.live.LiveQuery;
import io.tally.domain.live.LiveTail;
import io.tally.domain.live.LiveTally;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.Report;
import io.tally.domain.query.ReportQuery;
import io.tally.domain.time.TimeRange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Live numbers from the ingestion path. Stored events are added to one {@link LiveTally} per distinct scope
 * (project, dimensions, filters, zone, window), shared by every subscription asking within it; a tally starts from
 * the store's events of its window, so the first answer is complete. A delivery thread ticks a few times a second:
 * each due subscription gets the answer of its query, computed once per tick however many clients share it, and
 * only when its numbers changed. So ingest costs one tally update per event per distinct scope, and fan-out costs
 * one answer per distinct query per interval plus a hand-off per client.
 */
public final class LiveHub implements LiveFeed, WatchLiveUseCase, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LiveHub.class.getName());
    private static final Duration TICK = Duration.ofMillis(200);
    private static final int SEED_BATCH = 10_000;

    private final Optional<EventArchive> archive;
    private final Clock clock;
    private final Map<LiveQuery.Scope, Shared> tallies = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final List<Tail> tails = new CopyOnWriteArrayList<>();
    private final Thread ticker;
    private volatile boolean closed;

    /** {@code archive} seeds new tallies with the stored events of their window; without it they start empty. */
    public LiveHub(Optional<EventArchive> archive, Clock clock) {
        this.archive = archive;
        this.clock = clock;
        this.ticker = Thread.ofPlatform().name("tally-live").daemon(true).start(this::run);
    }

    @Override
    public void stored(List<Event> events) {
        for (Shared shared : tallies.values()) {
            Instant horizon = horizon(shared.tally.scope(), clock.instant());
            for (Event event : events) {
                shared.tally.add(event, horizon);
            }
        }
        for (Tail tail : tails) {
            for (Event event : events) {
                tail.offer(event);
            }
        }
    }

    /** Reads every tally's window from the store again: events stored meanwhile but not fed here are counted (once). */
    @Override
    public void missed() {
        Instant now = clock.instant();
        for (Shared shared : List.copyOf(tallies.values())) {
            seed(shared.tally, now);
        }
    }

    private void seed(LiveTally tally, Instant now) {
        Instant horizon = horizon(tally.scope(), now);
        archive.ifPresent(a -> a.scan(tally.scope().projectId(), new TimeRange(horizon, now.plus(Duration.ofDays(1))), SEED_BATCH,
                batch -> batch.forEach(e -> tally.add(e, horizon))));
    }

    @Override
    public Subscription watch(LiveQuery query, Consumer<Answer<Report>> updates) {
        Shared shared = share(query.scope());
        Watch watch = new Watch(query, shared, updates);
        Instant now = clock.instant();
        watch.deliver(answer(query, shared.tally, now));
        watch.due = now.plus(query.interval());
        watches.add(watch);
        return () -> {
            if (watches.remove(watch)) {
                release(shared);
            }
        };
    }

    @Override
    public Subscription tail(LiveTail tail, Consumer<TailBatch> batches) {
        Tail t = new Tail(tail, batches, clock.instant().plus(tail.interval()));
        tails.add(t);
        return () -> tails.remove(t);
    }

    /** Distinct tallies kept now, for telemetry and tests. */
    public int tallyCount() {
        return tallies.size();
    }

    /** Subscriptions now (watches and tails). */
    public int subscriptionCount() {
        return watches.size() + tails.size();
    }

    private synchronized Shared share(LiveQuery.Scope scope) {
        Shared existing = tallies.get(scope);
        if (existing != null) {
            existing.users++;
            return existing;
        }
        Shared shared = new Shared(new LiveTally(scope));
        tallies.put(scope, shared); // fed from here on; events also read below are counted once by id
        seed(shared.tally, clock.instant());
        return shared;
    }

    private synchronized void release(Shared shared) {
        if (--shared.users == 0) {
            tallies.remove(shared.tally.scope());
        }
    }

    /** The earliest minute a tally keeps: its window, plus the minute the window is about to let go of. */
    private static Instant horizon(LiveQuery.Scope scope, Instant now) {
        return scope.range(now).from().minus(Duration.ofMinutes(1));
    }

    private static Answer<Report> answer(LiveQuery query, LiveTally tally, Instant now) {
        long started = System.nanoTime();
        ReportQuery report = query.report(now);
        Report result = Report.assemble(report, tally.counts(report.range()), Optional.empty());
        return new Answer<>(result, "live", Duration.ofNanos(System.nanoTime() - started));
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(TICK);
                tick(clock.instant());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a live tick failed", e);
            }
        }
    }

    /** One round: evicts old minutes, answers each due query once, hands changed answers and tail batches out. */
    void tick(Instant now) {
        tallies.values().forEach(s -> s.tally.evict(horizon(s.tally.scope(), now)));
        Map<AnswerKey, Answer<Report>> answers = new HashMap<>();
        for (Watch watch : watches) {
            if (now.isBefore(watch.due)) {
                continue;
            }
            watch.due = now.plus(watch.query.interval());
            Answer<Report> answer = answers.computeIfAbsent(new AnswerKey(watch.query.scope(), watch.query.metrics()),
                    k -> answer(watch.query, watch.shared.tally, now));
            watch.deliver(answer);
        }
        for (Tail tail : tails) {
            tail.flush(now);
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }

    private record AnswerKey(LiveQuery.Scope scope, List<MetricRef> metrics) {
    }

    private static final class Shared {
        final LiveTally tally;
        int users = 1;

        Shared(LiveTally tally) {
            this.tally = tally;
        }
    }

    private static final class Watch {
        final LiveQuery query;
        final Shared shared;
        final Consumer<Answer<Report>> updates;
        Instant due;
        private Report last;

        Watch(LiveQuery query, Shared shared, Consumer<Answer<Report>> updates) {
            this.query = query;
            this.shared = shared;
            this.updates = updates;
        }

        /** Hands the answer out unless its numbers are those last handed out. */
        void deliver(Answer<Report> answer) {
            Report report = answer.result();
            if (last != null && last.rows().equals(report.rows()) && last.totals().equals(report.totals())) {
                return;
            }
            last = report;
            try {
                updates.accept(answer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a live listener failed", e);
            }
        }
    }

    private static final class Tail {
        final LiveTail tail;
        final Predicate<Event> selection;
        final Consumer<TailBatch> batches;
        private final List<Event> buffer = new ArrayList<>();
        private long dropped;
        private Instant due;

        Tail(LiveTail tail, Consumer<TailBatch> batches, Instant due) {
            this.tail = tail;
            this.selection = tail.selection();
            this.batches = batches;
            this.due = due;
        }

        synchronized void offer(Event event) {
            if (!selection.test(event) || ThreadLocalRandom.current().nextDouble() >= tail.sample()) {
                return;
            }
            if (buffer.size() < LiveTail.MAX_BATCH) {
                buffer.add(event);
            } else {
                dropped++;
            }
        }

        void flush(Instant now) {
            TailBatch batch;
            synchronized (this) {
                if (now.isBefore(due) || (buffer.isEmpty() && dropped == 0)) {
                    return;
                }
                due = now.plus(tail.interval());
                batch = new TailBatch(buffer, dropped);
                buffer.clear();
                dropped = 0;
            }
            try {
                batches.accept(batch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a live tail listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "LiveHub[" + tallies.size() + " tallies, " + watches.size() + " watches, " + tails.size() + " tails]";
    }

}
