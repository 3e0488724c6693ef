package io.tally.application.service;

import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.time.TimeRange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The freshness policy: an answer whose range reaches into the current hour is fresh for {@code recentTtl}, one
 * wholly in the past for {@code pastTtl}; late events for a past period move the project's data version, which
 * retires its entries. Identical misses in flight on this node are computed once and shared. When the cache
 * fails, answers are computed without it (and the failure counted), never refused.
 * <p>
 * With {@code serveStale}, an answer is kept for as long again after it stops being fresh: asked for then, it is
 * answered at once ({@code STALE}) while one refresh per node runs in the background, so a popular dashboard's
 * users do not queue behind its recomputation every time it expires. An answer is never older than twice its TTL,
 * and a new data version is never answered from the old one.
 * <p>
 * Entries are keyed by the UTC day too: the retention's horizon moves at each UTC midnight (a day leaves every
 * answer), so no answer counted before midnight is served after it.
 */
public final class CachePolicy implements CachedAnswersUseCase {

    public record Settings(Duration recentTtl, Duration pastTtl, boolean serveStale) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofHours(1), true);
    }

    private static final System.Logger LOG = System.getLogger(CachePolicy.class.getName());

    private final QueryCache cache;
    private final Settings settings;
    private final QueryTelemetry telemetry;
    private final Clock clock;
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();

    public CachePolicy(QueryCache cache, Settings settings, QueryTelemetry telemetry, Clock clock) {
        this.cache = cache;
        this.settings = settings;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public Cached answer(String projectId, String queryKey, TimeRange range, String form, boolean force, Supplier<byte[]> compute) {
        String key;
        try {
            key = key(projectId, cache.version(projectId), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), form, queryKey);
        } catch (QueryCache.CacheException e) {
            return bypass(e, compute);
        }
        if (!force) {
            try {
                Optional<Entry> kept = cache.get(key).map(Entry::read);
                if (kept.isPresent() && clock.instant().isBefore(kept.get().freshUntil())) {
                    telemetry.cache("hit");
                    return new Cached(kept.get().body(), "HIT");
                }
                if (kept.isPresent() && settings.serveStale()) {
                    telemetry.cache("stale");
                    refreshInBackground(key, range, compute);
                    return new Cached(kept.get().body(), "STALE");
                }
            } catch (QueryCache.CacheException e) {
                return bypass(e, compute);
            }
        }
        telemetry.cache(force ? "bypass" : "miss");
        byte[] body = computeOnce(key, () -> computeAndKeep(key, range, compute));
        return new Cached(body, force ? "BYPASS" : "MISS");
    }

    /** An answer as kept: the instant it stops being fresh, then its bytes. */
    private record Entry(Instant freshUntil, byte[] body) {
        byte[] write() {
            return ByteBuffer.allocate(Long.BYTES + body.length).putLong(freshUntil.toEpochMilli()).put(body).array();
        }

        static Entry read(byte[] kept) {
            ByteBuffer buffer = ByteBuffer.wrap(kept);
            Instant freshUntil = Instant.ofEpochMilli(buffer.getLong());
            return new Entry(freshUntil, Arrays.copyOfRange(kept, Long.BYTES, kept.length));
        }
    }

    /** Computes the answer and keeps it: fresh for its TTL, and (serving stale) for as long again. */
    private byte[] computeAndKeep(String key, TimeRange range, Supplier<byte[]> compute) {
        byte[] body = compute.get();
        Duration ttl = ttl(range);
        try {
            cache.put(key, new Entry(clock.instant().plus(ttl), body).write(), settings.serveStale() ? ttl.multipliedBy(2) : ttl);
        } catch (QueryCache.CacheException e) {
            telemetry.cache("error");
            LOG.log(System.Logger.Level.WARNING, "the query cache failed; answering without it: " + e.getMessage());
        }
        return body;
    }

    /**
     * One refresh per key on this node at a time, claimed here before its thread starts (so no second one can begin
     * meanwhile); a failed one is logged and the next request tries again. The caller's stale read may predate a
     * refresh that finished just before the claim, so the refresh first reads the entry again and stops if it is fresh.
     */
    private void refreshInBackground(String key, TimeRange range, Supplier<byte[]> compute) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(key, mine) != null) {
            return;
        }
        Thread.ofVirtual().name("tally-cache-refresh").start(() -> {
            try {
                run(key, mine, () -> freshBody(key).orElseGet(() -> computeAndKeep(key, range, compute)));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "refreshing a stale answer failed: " + e.getMessage());
            }
        });
    }

    /** The kept answer's bytes if it is fresh now; empty when it is not, or the cache cannot say. */
    private Optional<byte[]> freshBody(String key) {
        try {
            return cache.get(key).map(Entry::read).filter(entry -> clock.instant().isBefore(entry.freshUntil())).map(Entry::body);
        } catch (QueryCache.CacheException e) {
            return Optional.empty();
        }
    }

    private Cached bypass(QueryCache.CacheException e, Supplier<byte[]> compute) {
        telemetry.cache("error");
        LOG.log(System.Logger.Level.WARNING, "the query cache failed; answering without it: " + e.getMessage());
        return new Cached(compute.get(), "BYPASS");
    }

    /** The first caller computes; the others wait for its result. */
    private byte[] computeOnce(String key, Supplier<byte[]> compute) {
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                // the computing caller's failure, as it saw it (a StoreException stays one: 503, not 500)
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return run(key, mine, compute);
    }

    /** Computes what {@code mine} promises to those waiting on it, then lets the key go. */
    private byte[] run(String key, CompletableFuture<byte[]> mine, Supplier<byte[]> compute) {
        try {
            byte[] body = compute.get();
            mine.complete(body);
            return body;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    Duration ttl(TimeRange range) {
        Instant currentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        return range.to().isAfter(currentHour) ? settings.recentTtl() : settings.pastTtl();
    }

    private static String key(String projectId, long version, LocalDate utcDay, String form, String queryKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((form + "\n" + projectId + "\n" + version + "\n" + utcDay + "\n" + queryKey)
                    .getBytes(StandardCharsets.UTF_8));
            // q2: entries carry their freshness (Entry); entries written before it are never read as such
            return "tally:q2:" + projectId + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
