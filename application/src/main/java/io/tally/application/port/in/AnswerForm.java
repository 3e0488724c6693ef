package io.tally.application.port.in;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * How an inbound adapter writes an answer: its name in the cache ({@code rest-json}, {@code csv}, {@code pdf},
 * {@code graphql}; answers are cached per form) and the bytes of a chart in it.
 */
public interface AnswerForm {

    String name();

    byte[] render(Map<String, Object> chart, AnalyticsQuery.Kind kind);

    static AnswerForm of(String name, BiFunction<Map<String, Object>, AnalyticsQuery.Kind, byte[]> renderer) {
        return new AnswerForm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] render(Map<String, Object> chart, AnalyticsQuery.Kind kind) {
                return renderer.apply(chart, kind);
            }
        };
    }
}
