package io.tally.application.fake;

import io.tally.application.port.out.QueryCache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query cache in a map for tests of the core: it keeps every entry (the policy's own freshness decides), writes
 * down the time to live of every put, and can be taken down, after which every call throws {@link CacheException}.
 */
public final class MemoryQueryCache implements QueryCache {

    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    private final Map<String, byte[]> overwritten = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final List<Duration> timesToLive = new ArrayList<>();
    private volatile boolean down;
    private volatile boolean lagging;

    @Override
    public Optional<byte[]> get(String key) {
        failIfDown();
        if (lagging && overwritten.containsKey(key)) {
            lagging = false;
            return Optional.of(overwritten.get(key));
        }
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        failIfDown();
        byte[] before = entries.put(key, value);
        if (before != null) {
            overwritten.put(key, before);
        }
        synchronized (timesToLive) {
            timesToLive.add(ttl);
            timesToLive.notifyAll();
        }
    }

    @Override
    public long version(String projectId) {
        failIfDown();
        return versions.getOrDefault(projectId, 0L);
    }

    @Override
    public void bump(String projectId) {
        failIfDown();
        versions.merge(projectId, 1L, Long::sum);
    }

    /** The next read of an overwritten entry answers what it held before, as a read made just before the put would. */
    public void lagNextRead() {
        lagging = true;
    }

    /** Every later call fails as a cache backend that cannot be reached. */
    public void goDown() {
        down = true;
    }

    /** The time to live of every put, in order. */
    public List<Duration> timesToLive() {
        synchronized (timesToLive) {
            return List.copyOf(timesToLive);
        }
    }

    /**
     * Waits until {@code count} puts were made in all, as a refresh on another thread makes one; bounded by
     * {@code timeout} so that a put that never comes fails the test instead of hanging it.
     *
     * @return whether they were made
     */
    public boolean awaitPuts(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (timesToLive) {
            while (timesToLive.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                timesToLive.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void failIfDown() {
        if (down) {
            throw new CacheException("the cache is down", null);
        }
    }
}
