package io.tally.application.port.out;

/** What alerts and scheduled reports report about themselves. */
public interface NotificationTelemetry {

    /** One delivery after its retries: {@code what} is {@code alert} or {@code report}, {@code channel} webhook or email. */
    void delivered(String what, String channel, boolean ok);

    /** An alert entered a state ({@code firing}, {@code resolved}). */
    void alertEntered(String state);

    /** One evaluation of an alert rule that failed (its query could not be answered). */
    void alertEvaluationFailed();

    NotificationTelemetry NONE = new NotificationTelemetry() {
        @Override
        public void delivered(String what, String channel, boolean ok) {
        }

        @Override
        public void alertEntered(String state) {
        }

        @Override
        public void alertEvaluationFailed() {
        }
    };
}
