package io.tally.bootstrap;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log format of {@code log.format}, set on the console handler before anything else is logged: JSON lines, or
 * the handler's own text; both mask keys and addresses, and SLF4J's loggers (Kafka, Redisson, ClickHouse's client)
 * reach the same handlers through slf4j-jdk14.
 */
record Logs(boolean json) {

    /**
     * Kafka's clients log every client's whole configuration and each reconnection at INFO; their warnings and errors
     * are what an operator needs. Held here: JUL keeps only weak references to loggers, and a collected one loses its level.
     */
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

    static Logs install(TallyConfig.Log log) {
        boolean json = log.format() == TallyConfig.Log.Format.JSON;
        MaskingFormatter.install(json);
        KAFKA.setLevel(Level.WARNING);
        return new Logs(json);
    }

    /** The request id, trace context and (in JSON) the access line of every request. */
    RequestLogFilter requestFilter() {
        return new RequestLogFilter(json);
    }
}
