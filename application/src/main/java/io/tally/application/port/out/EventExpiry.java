package io.tally.application.port.out;

import java.time.Instant;

/** Deletes what the retention no longer keeps, from the events and from every table derived from them. */
public interface EventExpiry {

    /**
     * Deletes every event before {@code horizon} and the derived rows (rollups) of the time before it, all at once, so
     * raw and derived answers never disagree; returns how many events it deleted. A store that deletes by itself
     * (ClickHouse's TTL) may delete nothing here: its queries already count nothing before the horizon.
     */
    long expireBefore(Instant horizon);
}
