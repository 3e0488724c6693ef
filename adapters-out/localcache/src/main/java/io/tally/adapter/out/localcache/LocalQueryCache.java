package io.tally.adapter.out.localcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.tally.application.port.out.QueryCache;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The query cache of the embedded default: Caffeine, bounded by bytes, each entry with its own time to live. */
public final class LocalQueryCache implements QueryCache {

    private record Entry(byte[] value, Duration ttl) {
    }

    private final Cache<String, Entry> entries;
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    private LocalQueryCache(long maxBytes) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Entry entry) -> entry.value().length + key.length())
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long now) {
                        return entry.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long now, long current) {
                        return entry.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long now, long current) {
                        return current;
                    }
                })
                .recordStats()
                .build();
    }

    /** A cache holding at most {@code maxBytes} of answers. */
    public static LocalQueryCache create(long maxBytes) {
        return new LocalQueryCache(maxBytes);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.getIfPresent(key)).map(Entry::value);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        entries.put(key, new Entry(value, ttl));
    }

    @Override
    public long version(String projectId) {
        return versions.computeIfAbsent(projectId, p -> new AtomicLong()).get();
    }

    @Override
    public void bump(String projectId) {
        versions.computeIfAbsent(projectId, p -> new AtomicLong()).incrementAndGet();
    }

    /** Entries evicted for size so far. */
    @Override
    public long evictions() {
        return entries.stats().evictionCount();
    }
}
