package io.tally.domain.time;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The time zones a query may name: exactly those both stores understand and cut buckets in as java.time does. A
 * region is accepted when it is on the list in {@code zones.txt} (its header says how the list is made and which
 * tests hold every store to it); a fixed offset in whole hours from -12:00 to +14:00, however Java spells it
 * ({@code +05:00}, {@code UTC+5}, {@code GMT+14}, {@code SystemV/EST5}), becomes a {@link ZoneOffset}, and zero
 * becomes {@code UTC}. Anything else, a half-hour offset such as {@code +05:30} included, is refused: no name for
 * it is understood by both stores.
 */
public final class TimeZones {

    public static final ZoneId UTC = ZoneId.of("UTC");
    /** What a refusal says. */
    public static final String EXPECTED = "must be an IANA time zone such as Europe/Berlin, or an offset in whole hours "
            + "from -12:00 to +14:00 such as +05:00 (for an offset such as +05:30 name the region, such as Asia/Kolkata)";

    private static final int MIN_HOURS = -12;
    private static final int MAX_HOURS = 14;
    private static final Set<String> REGIONS = load();

    private TimeZones() {
    }

    /**
     * The zone a request names, or empty when the stores cannot cut buckets in it. The name is read as written: one
     * with spaces around it is refused, as every other value of a request is.
     */
    public static Optional<ZoneId> parse(String name) {
        String id = name;
        if (REGIONS.contains(id)) {
            return Optional.of(ZoneId.of(id));
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(id);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        if (!zone.getRules().isFixedOffset()) {
            return Optional.empty();
        }
        ZoneOffset offset = zone.getRules().getOffset(Instant.EPOCH);
        if (offset.getTotalSeconds() == 0) {
            return Optional.of(UTC);
        }
        return wholeHours(offset).map(hours -> offset);
    }

    /**
     * The name the stores know the zone by: a region's own id; a fixed offset as {@code Etc/GMT∓h} (POSIX signs,
     * so {@code +05:00} is {@code Etc/GMT-5}), the one spelling of an offset both stores understand.
     */
    public static String storeName(ZoneId zone) {
        if (!(zone instanceof ZoneOffset offset)) {
            return zone.getId();
        }
        if (offset.getTotalSeconds() == 0) {
            return UTC.getId();
        }
        int hours = wholeHours(offset).orElseThrow(() -> new IllegalArgumentException("no store knows the offset " + offset));
        return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
    }

    /** The regions on the list, in order. */
    public static Set<String> regions() {
        return REGIONS;
    }

    private static Optional<Integer> wholeHours(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        if (seconds % 3600 != 0 || seconds / 3600 < MIN_HOURS || seconds / 3600 > MAX_HOURS) {
            return Optional.empty();
        }
        return Optional.of(seconds / 3600);
    }

    private static Set<String> load() {
        Set<String> regions = new TreeSet<>();
        try (InputStream in = TimeZones.class.getResourceAsStream("zones.txt")) {
            if (in == null) {
                throw new IllegalStateException("zones.txt is missing from the domain jar");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(regions::add);
        } catch (IOException e) {
            throw new UncheckedIOException("reading zones.txt", e);
        }
        return Collections.unmodifiableSet(regions);
    }
}
