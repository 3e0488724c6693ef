package io.tally.application.port.out;

/** What the broadcast between nodes reports about itself. */
public interface BroadcastTelemetry {

    /**
     * One message: {@code what} is {@code events} or {@code alerts}; {@code outcome} is {@code sent}, {@code received}
     * or {@code failed} (not sent, or received but unreadable).
     */
    void broadcast(String what, String outcome);

    BroadcastTelemetry NONE = (what, outcome) -> { };
}
