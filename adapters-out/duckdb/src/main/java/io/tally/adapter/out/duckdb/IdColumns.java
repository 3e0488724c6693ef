package io.tally.adapter.out.duckdb;

/**
 * The columns a project's queries count visitors and sessions by: the hashes ({@code user_h}, {@code session_h}),
 * or the ids themselves where two ids of the project share a hash ({@link HashCollisions}), so every count is exact
 * once the rollup refresh has checked the ids.
 */
record IdColumns(String user, String session) {

    static final IdColumns HASHED = new IdColumns("user_h", "session_h");

    static IdColumns of(boolean usersCollide, boolean sessionsCollide) {
        return new IdColumns(usersCollide ? "user_id" : "user_h", sessionsCollide ? "session_id" : "session_h");
    }
}
