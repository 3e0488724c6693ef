package io.tally.application.port.in;

import io.tally.domain.dashboard.Dashboard;
import io.tally.domain.dashboard.Widget;
import io.tally.domain.validation.Violation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Answers every widget of a saved dashboard in one call, each through the query cache. */
public interface AnswerDashboardsUseCase {

    /** The dashboard and its widgets' answers, in the widgets' order; empty when no dashboard has that name. */
    Optional<DashboardAnswer> answer(String projectId, String name, boolean force, Encoding encoding);

    /** The dashboard as one PDF document, a section per widget; empty when no dashboard has that name. */
    Optional<byte[]> pdf(String projectId, String name);

    /** How the adapter writes an answer: its cache form ({@code rest-json}, {@code graphql}) and its bytes. */
    interface Encoding {
        String form();

        byte[] encode(Map<String, Object> chart);

        static Encoding of(String form, Function<Map<String, Object>, byte[]> encoder) {
            return new Encoding() {
                @Override
                public String form() {
                    return form;
                }

                @Override
                public byte[] encode(Map<String, Object> chart) {
                    return encoder.apply(chart);
                }
            };
        }
    }

    record DashboardAnswer(Dashboard dashboard, List<WidgetAnswer> widgets) {
    }

    /**
     * One widget's answer: its bytes and cache status ({@code HIT}, {@code STALE}, {@code MISS}, {@code BYPASS}); or,
     * when today's rules refuse its saved query (a KPI it names was deleted), no bytes and the problems.
     */
    record WidgetAnswer(Widget widget, Optional<byte[]> body, String cache, List<Violation> problems) {
        /** Answered from the cache, fresh or stale. */
        public boolean fromCache() {
            return CachedAnswersUseCase.fromCache(cache);
        }
    }
}
