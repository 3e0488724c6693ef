package io.tally.bootstrap;

import io.tally.application.service.PeriodicTasks;

import java.util.ArrayList;
import java.util.List;

/**
 * What runs on its own once the node serves: the scheduler of alert rules and report schedules, the retention job,
 * the rollup refresher, and the tasks that only need closing at the end (meters, the slow-client watch, the live
 * feed's queue, tracing's exporter). {@link #tasks} close in their order, tracing last so the spans still waiting go.
 */
record BackgroundWork(List<AutoCloseable> tasks, RollupRefresher refresher) {

    static BackgroundWork start(TallyConfig config, CoreServices core, InboundAdapters inbound) {
        OutboundAdapters out = core.out();
        // whether or not queries read the rollup (rollup.enabled): the refresh also compacts the sessions and sketches
        // kept per hour and, on DuckDB, finds ids sharing a hash
        RollupRefresher refresher = new RollupRefresher(out.stores().rollups(), config.rollup().refresh());
        List<AutoCloseable> tasks = new ArrayList<>();
        // one scheduler thread: alert rules and report schedules that are due (alerts.enabled: false on all nodes but one)
        if (config.alerts().enabled()) {
            tasks.add(new PeriodicTasks("tally-scheduler", config.alerts().tick(),
                    List.of(core.evaluator()::evaluateDue, core.reportRunner()::runDue)));
        }
        // deletes what the retention no longer keeps (DuckDB; ClickHouse's TTL does it there)
        tasks.add(new RetentionJob(out.stores().expiry(), config.ingest().retention(), core.clock()));
        tasks.add(core.evaluator());
        tasks.add(core.reportRunner());
        tasks.add(out.virtualThreadMeters());
        tasks.add(inbound.slowClients());
        tasks.add(core.liveFeed());
        out.tracing().ifPresent(tasks::add); // last: sends the spans still waiting
        return new BackgroundWork(List.copyOf(tasks), refresher);
    }

    /** Closes the tasks in order; one that fails to stop is logged and the others still close. */
    void closeTasks(System.Logger log) {
        for (AutoCloseable task : tasks) {
            try {
                task.close();
            } catch (Exception e) {
                log.log(System.Logger.Level.WARNING, "stopping a background task failed", e);
            }
        }
    }
}
