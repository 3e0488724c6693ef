package io.tally.application.service;

import io.tally.application.port.in.CachedAnswersUseCase;
import io.tally.application.port.out.QueryCache;
import io.tally.application.port.out.QueryTelemetry;
import io.tally.domain.time.TimeRange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The freshness policy: an answer whose range reaches into the current hour lives {@code recentTtl} (seconds), one
 * wholly in the past lives {@code pastTtl}; late events for a past period move the project's data version, which
 * retires its entries. Identical misses in flight on this node are computed once and shared. When the cache
 * fails, answers are computed without it (and the failure counted), never refused.
 */
public final class CachePolicy implements CachedAnswersUseCase {

    public record Settings(Duration recentTtl, Duration pastTtl) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofHours(1));
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
    public Cached answer(String projectId, Object query, TimeRange range, String form, boolean force, Supplier<byte[]> compute) {
        String key;
        try {
            key = key(projectId, cache.version(projectId), form, query);
        } catch (QueryCache.CacheException e) {
            return bypass(e, compute);
        }
        if (!force) {
            try {
                Optional<byte[]> hit = cache.get(key);
                if (hit.isPresent()) {
                    telemetry.cache("hit");
                    return new Cached(hit.get(), "HIT");
                }
            } catch (QueryCache.CacheException e) {
                return bypass(e, compute);
            }
        }
        telemetry.cache(force ? "bypass" : "miss");
        byte[] body = computeOnce(key, compute);
        try {
            cache.put(key, body, ttl(range));
        } catch (QueryCache.CacheException e) {
            telemetry.cache("error");
            LOG.log(System.Logger.Level.WARNING, "the query cache failed; answering without it: " + e.getMessage());
        }
        return new Cached(body, force ? "BYPASS" : "MISS");
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
            return running.join();
        }
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

    private static String key(String projectId, long version, String form, Object query) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((form + "\n" + projectId + "\n" + version + "\n" + query).getBytes(StandardCharsets.UTF_8));
            return "tally:q:" + projectId + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
