package io.tally.bootstrap;

import io.tally.adapter.out.kafka.KafkaMessaging;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Tally node: the one place that knows every module. It starts the parts in order, each wired with plain
 * constructors in a class of its own ({@link OutboundAdapters}, {@link CoreServices}, {@link InboundAdapters},
 * {@link BackgroundWork}), and stops them in the order {@link #stop()} gives. Tests start it exactly as {@link Main} does.
 */
public final class Tally implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Tally.class.getName());

    private final TallyConfig config;
    private final OutboundAdapters out;
    private final CoreServices core;
    private final InboundAdapters inbound;
    private final BackgroundWork background;
    private final Map<String, String> firstAdminKeys;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Tally(TallyConfig config, CoreServices core, InboundAdapters inbound, BackgroundWork background,
                  Map<String, String> firstAdminKeys) {
        this.config = config;
        this.out = core.out();
        this.core = core;
        this.inbound = inbound;
        this.background = background;
        this.firstAdminKeys = Map.copyOf(firstAdminKeys);
    }

    /**
     * Starts a node from settings given as configuration keys ({@code server.port}, {@code store.path}, …) over
     * {@code application.yaml}, as the benchmarks in {@code ops/bench} do. An unknown key or value is refused.
     */
    public static Tally start(Map<String, String> settings) {
        return start(TallyConfig.withOverrides(settings));
    }

    /** Opens the store and what backs it, wires the core, prints new admin keys, serves, then starts the background work. */
    static Tally start(TallyConfig config) {
        Logs logs = Logs.install(config.log()); // first, so every line is in the configured format, masked
        Clock clock = Clock.systemUTC();
        CoreServices core = CoreServices.start(config, OutboundAdapters.open(config, clock), clock);
        Map<String, String> firstAdminKeys = FirstAdminKeys.issue(core.access(), config.projects().all(), System.out);
        InboundAdapters inbound = InboundAdapters.start(config, core, logs);
        LOG.log(System.Logger.Level.INFO, "Tally serves on port {0} with {1} at {2}",
                String.valueOf(inbound.server().port()), core.out().stores().kind(), core.out().stores().location());
        BackgroundWork background = BackgroundWork.start(config, core, inbound);
        return new Tally(config, core, inbound, background, firstAdminKeys);
    }

    /** The admin key made at this start, when this was the project's first start. */
    Optional<String> firstAdminKey() {
        return Optional.ofNullable(firstAdminKeys.get(config.projects().defaultProject()));
    }

    /** The admin keys made at this start, by project. */
    Map<String, String> firstAdminKeys() {
        return firstAdminKeys;
    }

    public int port() {
        return inbound.server().port();
    }

    /**
     * Stops taking requests (new ones get 503 with Retry-After), writes every accepted event, lets the requests in
     * flight finish (up to {@code server.shutdown-grace-seconds}), then stops the web server, the live views, the
     * background work, the Kafka consumer and producer, the caches, the rollup refresher, and closes the store.
     * Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        inbound.inFlight().stopTaking();
        // first, so that a ?wait=true request in flight is answered once its events are stored
        boolean drained = core.writer().close(config.ingest().shutdownTimeout());
        if (!drained) {
            LOG.log(System.Logger.Level.ERROR, "{0} accepted events could not be written before shutdown",
                    core.writer().queued());
        }
        if (!inbound.inFlight().awaitNone(config.server().shutdownGrace())) {
            // what they still ask of the store fails once it is closed below: 503 with Retry-After
            LOG.log(System.Logger.Level.WARNING, "requests still in flight after {0} s are cut short",
                    config.server().shutdownGrace().toSeconds());
        }
        inbound.server().stop();
        core.live().close();
        background.closeTasks(LOG);
        inbound.consumer().ifPresent(c -> {
            try {
                c.close(); // an unstored batch stays uncommitted and is read again
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the Kafka consumer failed", e);
            }
        });
        out.messaging().ifPresent(KafkaMessaging::close);
        out.caches().close();
        background.refresher().close();
        out.stores().close();
        LOG.log(System.Logger.Level.INFO, "Tally stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
