package io.tally.bootstrap;

/**
 * The log format of {@code log.format}, set on the console handler before anything else is logged: JSON lines, or
 * the handler's own text; both mask keys and addresses, and SLF4J's loggers (Kafka, Redisson, ClickHouse's client)
 * reach the same handlers through slf4j-jdk14.
 */
record Logs(boolean json) {

    static Logs install(TallyConfig.Log log) {
        boolean json = log.format() == TallyConfig.Log.Format.JSON;
        MaskingFormatter.install(json);
        return new Logs(json);
    }

    /** The request id, trace context and (in JSON) the access line of every request. */
    RequestLogFilter requestFilter() {
        return new RequestLogFilter(json);
    }
}
