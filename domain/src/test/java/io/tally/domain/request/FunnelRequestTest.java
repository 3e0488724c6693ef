package io.tally.domain.request;

import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.time.Granularity;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tally.domain.request.Verdicts.invalid;
import static io.tally.domain.request.Verdicts.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A funnel asks for its time-to-convert histogram with an optional object, for its trend with an optional
 * {@code interval}, for its step order with an optional {@code step_order}, drops attempts with up to 5
 * {@code exclusions} and attributes a breakdown with {@code breakdown_attribution}; each refusal names its field.
 */
class FunnelRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:00Z");
    private static final RequestContext CONTEXT = new RequestContext("default", NOW, Definitions.NONE);

    private static final List<Object> THREE_STEPS = List.of(Map.of("event", "page_view"), Map.of("event", "sign_up"),
            Map.of("event", "purchase"));

    private static Map<String, Object> funnel(Object timeToConvert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("time_to_convert", timeToConvert);
        return body;
    }

    @Test
    void without_the_field_no_histogram_is_asked() {
        FunnelQuery query = valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS), CONTEXT));
        assertThat(query.timeToConvert()).isEmpty();
        // null reads as absent, like the other optional fields
        assertThat(valid(FunnelRequest.parse(funnel(null), CONTEXT)).timeToConvert()).isEmpty();
    }

    @Test
    void an_empty_object_spans_the_whole_funnel_in_ten_bins() {
        FunnelQuery query = valid(FunnelRequest.parse(funnel(Map.of()), CONTEXT));
        assertThat(query.timeToConvert()).contains(new TimeToConvert(1, 3, 10));
    }

    @Test
    void each_field_is_taken_as_given_and_the_others_default() {
        assertThat(valid(FunnelRequest.parse(funnel(Map.of("from_step", 2, "to_step", 3, "bins", 90)), CONTEXT))
                .timeToConvert()).contains(new TimeToConvert(2, 3, 90));
        assertThat(valid(FunnelRequest.parse(funnel(Map.of("from_step", 2)), CONTEXT)).timeToConvert())
                .contains(new TimeToConvert(2, 3, 10));
        assertThat(valid(FunnelRequest.parse(funnel(Map.of("to_step", 2)), CONTEXT)).timeToConvert())
                .contains(new TimeToConvert(1, 2, 10));
        // a whole number written with a fraction, as JSON parsers may hand it over, is still whole
        assertThat(valid(FunnelRequest.parse(funnel(Map.of("bins", 1.0)), CONTEXT)).timeToConvert())
                .contains(new TimeToConvert(1, 3, 1));
    }

    @Test
    void the_span_is_part_of_the_cache_key() {
        String none = valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS), CONTEXT)).cacheKey();
        String whole = valid(FunnelRequest.parse(funnel(Map.of()), CONTEXT)).cacheKey();
        // the defaults spelt out are the same question
        String spelt = valid(FunnelRequest.parse(funnel(Map.of("from_step", 1, "to_step", 3, "bins", 10)), CONTEXT)).cacheKey();
        String fewer = valid(FunnelRequest.parse(funnel(Map.of("bins", 5)), CONTEXT)).cacheKey();
        assertThat(whole).isEqualTo(spelt).isNotEqualTo(none).isNotEqualTo(fewer);
    }

    @Test
    void only_an_object_is_taken() {
        for (Object value : List.of(true, 5, "1-3", List.of(1, 3))) {
            assertThat(invalid(FunnelRequest.parse(funnel(value), CONTEXT)))
                    .extracting(Violation::field, Violation::kind)
                    .as("%s", value)
                    .containsExactly(tuple("time_to_convert", ViolationKind.WRONG_TYPE));
        }
    }

    @Test
    void steps_outside_the_funnel_are_refused_by_name() {
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("to_step", 4)), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("time_to_convert.to_step", ViolationKind.OUT_OF_RANGE, "must be from 2 to 3"));
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("from_step", 0)), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("time_to_convert.from_step", ViolationKind.OUT_OF_RANGE, "must be from 1 to 2"));
        // the last step ends a span, it cannot start one
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("from_step", 3)), CONTEXT)))
                .extracting(Violation::field).containsExactly("time_to_convert.from_step");
    }

    @Test
    void a_span_runs_forward() {
        List<Violation> same = invalid(FunnelRequest.parse(funnel(Map.of("from_step", 2, "to_step", 2)), CONTEXT));
        assertThat(same).extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("time_to_convert.from_step", ViolationKind.OUT_OF_RANGE));
        assertThat(same.getFirst().message()).contains("to_step (2)");
        // step 1 starts a span, it cannot end one
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("from_step", 2, "to_step", 1)), CONTEXT)))
                .extracting(Violation::field).containsExactly("time_to_convert.to_step");
    }

    @Test
    void bins_are_a_whole_number_from_1_to_90() {
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("bins", 0)), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("time_to_convert.bins", ViolationKind.OUT_OF_RANGE, "must be from 1 to 90"));
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("bins", 91)), CONTEXT)))
                .extracting(Violation::field).containsExactly("time_to_convert.bins");
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("bins", 2.5)), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("time_to_convert.bins", ViolationKind.WRONG_TYPE));
        assertThat(invalid(FunnelRequest.parse(funnel(Map.of("bins", "10")), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("time_to_convert.bins", ViolationKind.WRONG_TYPE));
    }

    @Test
    void every_mistake_inside_is_named_at_once_with_unknown_keys_refused() {
        Map<String, Object> spoilt = new LinkedHashMap<>();
        spoilt.put("from_step", "one");
        spoilt.put("to_step", 9);
        spoilt.put("bins", -1);
        spoilt.put("unit", "hours");
        assertThat(invalid(FunnelRequest.parse(funnel(spoilt), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactlyInAnyOrder(
                        tuple("time_to_convert.unit", ViolationKind.UNKNOWN_FIELD),
                        tuple("time_to_convert.from_step", ViolationKind.WRONG_TYPE),
                        tuple("time_to_convert.to_step", ViolationKind.OUT_OF_RANGE),
                        tuple("time_to_convert.bins", ViolationKind.OUT_OF_RANGE));
    }

    private static Map<String, Object> trend(Object interval, List<String> range) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("interval", interval);
        body.put("date_range", range);
        return body;
    }

    @Test
    void an_interval_asks_for_the_trend_and_is_part_of_the_cache_key() {
        FunnelQuery daily = valid(FunnelRequest.parse(trend("day", List.of("2026-11-01", "2026-11-07")), CONTEXT));
        assertThat(daily.trend()).contains(Granularity.DAY);
        FunnelQuery plain = valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS, "date_range", List.of("2026-11-01", "2026-11-07")),
                CONTEXT));
        assertThat(plain.trend()).isEmpty();
        assertThat(daily.cacheKey()).isNotEqualTo(plain.cacheKey()).isNotEqualTo(daily.withTrend(Granularity.WEEK).cacheKey());
        // null reads as absent, like the other optional fields
        assertThat(valid(FunnelRequest.parse(trend(null, List.of("2026-11-01", "2026-11-07")), CONTEXT)).trend()).isEmpty();
    }

    @Test
    void a_minute_is_too_fine_for_a_trend() {
        assertThat(invalid(FunnelRequest.parse(trend("minute", List.of("2026-11-01", "2026-11-07")), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("interval", ViolationKind.UNSUPPORTED, "must be hour, day, week or month"));
    }

    @Test
    void an_interval_that_is_not_a_string_is_refused_once_for_its_type() {
        for (Object value : List.of(1, true, List.of("day"), Map.of("interval", "day"))) {
            assertThat(invalid(FunnelRequest.parse(trend(value, List.of("2026-11-01", "2026-11-07")), CONTEXT)))
                    .extracting(Violation::field, Violation::kind)
                    .as("%s", value)
                    .containsExactly(tuple("interval", ViolationKind.WRONG_TYPE));
        }
    }

    @Test
    void a_range_of_more_than_ten_thousand_intervals_is_refused() {
        // 1 Jan 2025 to 28 Feb 2026 (both included) is 365 + 59 = 424 days, 10,176 hours: too many hours, 424 days are fine
        List<String> range = List.of("2025-01-01", "2026-02-28");
        assertThat(invalid(FunnelRequest.parse(trend("hour", range), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("interval", ViolationKind.TOO_MANY));
        assertThat(valid(FunnelRequest.parse(trend("day", range), CONTEXT)).trend()).contains(Granularity.DAY);
    }

    private static Map<String, Object> ordered(Object stepOrder) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("step_order", stepOrder);
        return body;
    }

    @Test
    void strict_step_order_is_read_and_is_part_of_the_cache_key() {
        FunnelQuery strict = valid(FunnelRequest.parse(ordered("strict"), CONTEXT));
        assertThat(strict.order()).isEqualTo(StepOrder.STRICT);
        FunnelQuery named = valid(FunnelRequest.parse(ordered("ordered"), CONTEXT));
        assertThat(named.order()).isEqualTo(StepOrder.ORDERED);
        assertThat(strict.cacheKey()).isNotEqualTo(named.cacheKey());
    }

    @Test
    void an_unordered_funnel_takes_neither_exclusions_nor_another_attribution() {
        assertThat(valid(FunnelRequest.parse(ordered("unordered"), CONTEXT)).order()).isEqualTo(StepOrder.UNORDERED);
        Map<String, Object> excluding = ordered("unordered");
        excluding.put("exclusions", List.of(Map.of("event", "refund")));
        assertThat(invalid(FunnelRequest.parse(excluding, CONTEXT))).extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions", ViolationKind.UNSUPPORTED));
        Map<String, Object> attributed = ordered("unordered");
        attributed.put("breakdown", "country");
        attributed.put("breakdown_attribution", "last_touch");
        assertThat(invalid(FunnelRequest.parse(attributed, CONTEXT))).extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution", ViolationKind.UNSUPPORTED));
        attributed.put("breakdown_attribution", "first_touch");
        assertThat(valid(FunnelRequest.parse(attributed, CONTEXT)).breakdown()).contains(new Dimension.Property("country"));
    }

    @Test
    void without_a_step_order_the_funnel_is_ordered() {
        assertThat(valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS), CONTEXT)).order()).isEqualTo(StepOrder.ORDERED);
        // null reads as absent, like the other optional fields
        assertThat(valid(FunnelRequest.parse(ordered(null), CONTEXT)).order()).isEqualTo(StepOrder.ORDERED);
    }

    @Test
    void an_unknown_step_order_is_refused_once_by_name() {
        for (Object value : List.of("any", "Strict", "")) {
            assertThat(invalid(FunnelRequest.parse(ordered(value), CONTEXT)))
                    .extracting(Violation::field, Violation::kind, Violation::message)
                    .as("%s", value)
                    .containsExactly(tuple("step_order", ViolationKind.UNSUPPORTED, "must be ordered, strict or unordered"));
        }
    }

    @Test
    void a_step_order_that_is_not_a_string_is_refused_once_for_its_type() {
        for (Object value : List.of(1, true, List.of("strict"), Map.of("step_order", "strict"))) {
            assertThat(invalid(FunnelRequest.parse(ordered(value), CONTEXT)))
                    .extracting(Violation::field, Violation::kind)
                    .as("%s", value)
                    .containsExactly(tuple("step_order", ViolationKind.WRONG_TYPE));
        }
    }

    private static Map<String, Object> brokenDown(Object breakdown) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("breakdown", breakdown);
        return body;
    }

    private static List<Tuple> refusals(Map<String, Object> body) {
        return invalid(FunnelRequest.parse(body, CONTEXT)).stream().map(v -> tuple(v.field(), v.kind())).toList();
    }

    @Test
    void a_breakdown_may_name_up_to_three_different_event_dimensions_in_an_array() {
        FunnelQuery one = valid(FunnelRequest.parse(brokenDown("country"), CONTEXT));
        FunnelQuery listed = valid(FunnelRequest.parse(brokenDown(List.of("country")), CONTEXT));
        assertThat(listed.breakdown()).containsExactly(new Dimension.Property("country"));
        assertThat(listed.cacheKey()).isEqualTo(one.cacheKey());
        FunnelQuery two = valid(FunnelRequest.parse(brokenDown(List.of("prop:plan", "event_type")), CONTEXT));
        assertThat(two.breakdown()).containsExactly(new Dimension.Property("plan"), new Dimension.EventType());
        assertThat(two.cacheKey()).isNotEqualTo(valid(FunnelRequest.parse(brokenDown(List.of("event_type", "prop:plan")),
                CONTEXT)).cacheKey());
        assertThat(refusals(brokenDown(List.of()))).containsExactly(tuple("breakdown", ViolationKind.MISSING));
        assertThat(refusals(brokenDown(List.of("country", "device", "os", "browser"))))
                .containsExactly(tuple("breakdown", ViolationKind.TOO_MANY));
        assertThat(refusals(brokenDown(List.of("country", "country")))).containsExactly(tuple("breakdown[1]", ViolationKind.UNSUPPORTED));
        assertThat(refusals(brokenDown(List.of("country", "time:day")))).containsExactly(tuple("breakdown[1]", ViolationKind.UNSUPPORTED));
        assertThat(refusals(brokenDown(List.of("exit_page", "country", "channel"))))
                .containsExactly(tuple("breakdown[0]", ViolationKind.UNSUPPORTED), tuple("breakdown[2]", ViolationKind.UNSUPPORTED));
        assertThat(refusals(brokenDown(List.of("colour", 3))))
                .containsExactly(tuple("breakdown[0]", ViolationKind.UNSUPPORTED), tuple("breakdown[1]", ViolationKind.WRONG_TYPE));
        assertThat(refusals(brokenDown("entry_page"))).containsExactly(tuple("breakdown", ViolationKind.UNSUPPORTED));
    }

    @Test
    void a_step_tests_one_event_so_it_takes_no_goal_filter() {
        Map<String, Object> body = Map.of("steps", List.of(Map.of("event", "page_view",
                "filters", List.of(List.of("is", "goal", List.of("docs")))), Map.of("event", "sign_up")));
        assertThat(refusals(new LinkedHashMap<>(body))).containsExactly(tuple("steps[0].filters[0][1]", ViolationKind.UNSUPPORTED));
    }

    @Test
    void counting_is_users_by_default_or_conversions_and_part_of_the_cache_key() {
        FunnelQuery byUsers = valid(FunnelRequest.parse(brokenDown(null), CONTEXT));
        assertThat(byUsers.counting()).isEqualTo(FunnelCounting.USERS);
        Map<String, Object> counted = brokenDown(null);
        counted.put("counting", "conversions");
        FunnelQuery byConversions = valid(FunnelRequest.parse(counted, CONTEXT));
        assertThat(byConversions.counting()).isEqualTo(FunnelCounting.CONVERSIONS);
        assertThat(byConversions.cacheKey()).isNotEqualTo(byUsers.cacheKey());
        counted.put("counting", "users");
        assertThat(valid(FunnelRequest.parse(counted, CONTEXT)).cacheKey()).isEqualTo(byUsers.cacheKey());
        counted.put("counting", "sessions");
        assertThat(refusals(counted)).containsExactly(tuple("counting", ViolationKind.UNSUPPORTED));
        counted.put("counting", 2);
        assertThat(refusals(counted)).containsExactly(tuple("counting", ViolationKind.WRONG_TYPE));
        counted.put("counting", "conversions");
        counted.put("step_order", "unordered");
        assertThat(refusals(counted)).containsExactly(tuple("counting", ViolationKind.UNSUPPORTED));
    }

    private static Map<String, Object> attributed(Object breakdown, Object attribution, Object step) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("breakdown", breakdown);
        body.put("breakdown_attribution", attribution);
        body.put("breakdown_attribution_step", step);
        return body;
    }

    @Test
    void the_breakdown_attribution_is_read_and_is_part_of_the_cache_key() {
        FunnelQuery first = valid(FunnelRequest.parse(attributed("country", null, null), CONTEXT));
        assertThat(first.attribution()).isEqualTo(Attribution.FIRST_TOUCH);
        assertThat(valid(FunnelRequest.parse(attributed("country", "first_touch", null), CONTEXT)).attribution())
                .isEqualTo(Attribution.FIRST_TOUCH);
        FunnelQuery last = valid(FunnelRequest.parse(attributed("country", "last_touch", null), CONTEXT));
        assertThat(last.attribution()).isEqualTo(new Attribution.LastTouch());
        FunnelQuery second = valid(FunnelRequest.parse(attributed("country", "step", 2), CONTEXT));
        assertThat(second.attribution()).isEqualTo(new Attribution.AtStep(2));
        // a step alone names the step attribution
        assertThat(valid(FunnelRequest.parse(attributed("country", null, 3), CONTEXT)).attribution())
                .isEqualTo(new Attribution.AtStep(3));
        assertThat(List.of(first.cacheKey(), last.cacheKey(), second.cacheKey(),
                valid(FunnelRequest.parse(attributed("country", "step", 3), CONTEXT)).cacheKey())).doesNotHaveDuplicates();
    }

    @Test
    void a_first_touch_needs_no_breakdown_but_another_attribution_does() {
        assertThat(valid(FunnelRequest.parse(attributed(null, "first_touch", null), CONTEXT)).attribution())
                .isEqualTo(Attribution.FIRST_TOUCH);
        assertThat(invalid(FunnelRequest.parse(attributed(null, "last_touch", null), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution", ViolationKind.UNSUPPORTED));
        assertThat(invalid(FunnelRequest.parse(attributed(null, null, 2), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution_step", ViolationKind.UNSUPPORTED));
    }

    @Test
    void an_attribution_beside_a_refused_breakdown_is_not_refused_for_want_of_one() {
        assertThat(invalid(FunnelRequest.parse(attributed("colour", "last_touch", null), CONTEXT)))
                .extracting(Violation::field).containsExactly("breakdown");
    }

    @Test
    void a_bad_attribution_is_refused_once_by_name() {
        assertThat(invalid(FunnelRequest.parse(attributed("country", "middle", null), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("breakdown_attribution", ViolationKind.UNSUPPORTED, "must be first_touch, last_touch or step"));
        assertThat(invalid(FunnelRequest.parse(attributed("country", 2, null), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution", ViolationKind.WRONG_TYPE));
        assertThat(invalid(FunnelRequest.parse(attributed("country", "step", null), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution_step", ViolationKind.MISSING));
        // the funnel has three steps
        // 2^64 + 2 must not wrap into the range
        for (Object step : List.of(0, 4, 1.5, "2", new BigInteger("18446744073709551618"))) {
            assertThat(invalid(FunnelRequest.parse(attributed("country", "step", step), CONTEXT)))
                    .extracting(Violation::field)
                    .as("%s", step)
                    .containsExactly("breakdown_attribution_step");
        }
        assertThat(invalid(FunnelRequest.parse(attributed("country", "last_touch", 2), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("breakdown_attribution_step", ViolationKind.UNSUPPORTED));
    }

    private static Map<String, Object> excluding(Object exclusions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("steps", THREE_STEPS);
        body.put("exclusions", exclusions);
        return body;
    }

    @Test
    void an_exclusion_spans_the_whole_funnel_by_default() {
        FunnelQuery query = valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open"))), CONTEXT));
        // three steps: from step 1 to the last, step 3
        assertThat(query.exclusions()).containsExactly(new FunnelExclusion(EventCriteria.of("help_open"), 1, 3));
        assertThat(valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "from_step", 2))), CONTEXT))
                .exclusions()).containsExactly(new FunnelExclusion(EventCriteria.of("help_open"), 2, 3));
        assertThat(valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "to_step", 2))), CONTEXT))
                .exclusions()).containsExactly(new FunnelExclusion(EventCriteria.of("help_open"), 1, 2));
    }

    @Test
    void without_exclusions_none_are_asked() {
        assertThat(valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS), CONTEXT)).exclusions()).isEmpty();
        // null reads as absent, like the other optional fields; an empty list asks for none
        assertThat(valid(FunnelRequest.parse(excluding(null), CONTEXT)).exclusions()).isEmpty();
        assertThat(valid(FunnelRequest.parse(excluding(List.of()), CONTEXT)).exclusions()).isEmpty();
    }

    @Test
    void each_exclusion_is_taken_as_given_with_its_filters_in_order() {
        Map<String, Object> help = Map.of("event", "page_view", "filters", List.of(List.of("is", "prop:path", List.of("/help"))),
                "from_step", 1, "to_step", 2);
        Map<String, Object> refund = Map.of("event", "refund", "from_step", 2, "to_step", 3);
        FunnelQuery query = valid(FunnelRequest.parse(excluding(List.of(help, refund)), CONTEXT));
        assertThat(query.exclusions()).containsExactly(
                new FunnelExclusion(EventCriteria.of("page_view",
                        new Filter.Match(FilterOp.IS, new Dimension.Property("path"), List.of("/help"))), 1, 2),
                new FunnelExclusion(EventCriteria.of("refund"), 2, 3));
    }

    @Test
    void exclusions_are_part_of_the_cache_key() {
        String none = valid(FunnelRequest.parse(Map.of("steps", THREE_STEPS), CONTEXT)).cacheKey();
        String whole = valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open"))), CONTEXT)).cacheKey();
        // the defaults spelt out are the same question
        String spelt = valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "from_step", 1, "to_step", 3))),
                CONTEXT)).cacheKey();
        String shorter = valid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "to_step", 2))), CONTEXT))
                .cacheKey();
        assertThat(whole).isEqualTo(spelt).isNotEqualTo(none).isNotEqualTo(shorter);
    }

    @Test
    void an_exclusion_runs_forward_between_two_of_the_funnels_steps() {
        List<Violation> same = invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "from_step", 2,
                "to_step", 2))), CONTEXT));
        assertThat(same).extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions[0].from_step", ViolationKind.OUT_OF_RANGE));
        assertThat(same.getFirst().message()).contains("to_step (2)");
        // the last step ends an exclusion, it cannot start one
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "from_step", 3))), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("exclusions[0].from_step", ViolationKind.OUT_OF_RANGE, "must be from 1 to 2"));
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "to_step", 4))), CONTEXT)))
                .extracting(Violation::field, Violation::kind, Violation::message)
                .containsExactly(tuple("exclusions[0].to_step", ViolationKind.OUT_OF_RANGE, "must be from 2 to 3"));
        // the second exclusion is named by its index
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open"), Map.of("event", "refund",
                "from_step", 3, "to_step", 1))), CONTEXT)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("exclusions[1].from_step", "exclusions[1].to_step");
    }

    @Test
    void an_exclusion_names_its_event() {
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("from_step", 1, "to_step", 2))), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions[0].event", ViolationKind.MISSING));
        // an event that is not a string is refused once, for its type
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", 7))), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions[0].event", ViolationKind.WRONG_TYPE));
    }

    @Test
    void more_than_five_exclusions_are_refused_once() {
        List<Object> six = Collections.nCopies(6, Map.of("event", "help_open"));
        assertThat(invalid(FunnelRequest.parse(excluding(six), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions", ViolationKind.TOO_MANY));
        assertThat(valid(FunnelRequest.parse(excluding(six.subList(0, FunnelQuery.MAX_EXCLUSIONS)), CONTEXT)).exclusions())
                .hasSize(5);
    }

    @Test
    void exclusions_are_an_array_of_objects_each_refused_once_for_its_type() {
        for (Object value : List.of(true, "help_open", Map.of("event", "help_open"))) {
            assertThat(invalid(FunnelRequest.parse(excluding(value), CONTEXT)))
                    .extracting(Violation::field, Violation::kind)
                    .as("%s", value)
                    .containsExactly(tuple("exclusions", ViolationKind.WRONG_TYPE));
        }
        for (Object item : List.of("help_open", 1, List.of("help_open"))) {
            assertThat(invalid(FunnelRequest.parse(excluding(List.of(item)), CONTEXT)))
                    .extracting(Violation::field, Violation::kind)
                    .as("%s", item)
                    .containsExactly(tuple("exclusions[0]", ViolationKind.WRONG_TYPE));
        }
    }

    @Test
    void every_mistake_in_an_exclusion_is_named_at_once_with_unknown_keys_refused() {
        Map<String, Object> spoilt = new LinkedHashMap<>();
        spoilt.put("event", "help_open");
        spoilt.put("filters", List.of(List.of("near", "country", List.of("DE"))));
        spoilt.put("from_step", "one");
        spoilt.put("steps", List.of(1, 2));
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(spoilt)), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactlyInAnyOrder(
                        tuple("exclusions[0].steps", ViolationKind.UNKNOWN_FIELD),
                        tuple("exclusions[0].filters[0][0]", ViolationKind.UNSUPPORTED),
                        tuple("exclusions[0].from_step", ViolationKind.WRONG_TYPE));
        assertThat(invalid(FunnelRequest.parse(excluding(List.of(Map.of("event", "help_open", "unit", "hours"))), CONTEXT)))
                .extracting(Violation::field, Violation::kind)
                .containsExactly(tuple("exclusions[0].unit", ViolationKind.UNKNOWN_FIELD));
    }
}
