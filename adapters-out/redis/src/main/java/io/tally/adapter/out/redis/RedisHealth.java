package io.tally.adapter.out.redis;

import org.redisson.api.RedissonClient;

/** One small read, within the client's timeout: whether Redis answers now. */
final class RedisHealth {

    private RedisHealth() {
    }

    static boolean answers(RedissonClient redis) {
        try {
            redis.getBucket("tally:health").isExists();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
