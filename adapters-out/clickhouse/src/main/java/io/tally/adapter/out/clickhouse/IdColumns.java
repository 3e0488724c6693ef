package io.tally.adapter.out.clickhouse;

/**
 * The columns a statement tells users and sessions apart by: their 64-bit hashes, or, in a project where two ids
 * share a hash ({@code hash_collisions}), the ids as text, so counts stay exact.
 */
record IdColumns(String user, String session) {

    static final IdColumns HASHED = new IdColumns("user_h", "session_h");
    static final IdColumns TEXT = new IdColumns("user_id", "session_id");
}
