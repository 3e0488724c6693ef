package io.tally.adapter.in.graphql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GraphQL arguments as the REST bodies the domain's request rules read: the same field names, with the few
 * shapes GraphQL cannot spell turned back (a filter object into {@code [op, dimension, values]}, a sort object into
 * {@code [column, direction]}, a one-element date range into its name). And back: a violation's REST path as the
 * GraphQL argument path.
 */
final class Inputs {

    private static final Pattern FILTER_PART = Pattern.compile("(filters\\[\\d+])\\[([012])]");
    private static final Pattern ORDER_PART = Pattern.compile("(order_by\\[\\d+])\\[([01])]");
    private static final String[] FILTER_FIELDS = {"op", "dimension", "values"};
    private static final String[] ORDER_FIELDS = {"column", "direction"};

    private Inputs() {
    }

    /** A GraphQL input object as a REST body. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Map<String, Object> input) {
        Map<String, Object> body = new LinkedHashMap<>();
        input.forEach((key, value) -> body.put(key, switch (key) {
            case "filters" -> value instanceof List<?> list ? filters(list) : value;
            case "order_by" -> value instanceof List<?> list ? list.stream()
                    .map(o -> (Object) List.of(((Map<String, Object>) o).get("column"), ((Map<String, Object>) o).get("direction")))
                    .toList() : value;
            case "date_range" -> value instanceof List<?> list && list.size() == 1 ? list.getFirst() : value;
            case "steps", "exclusions", "series" -> value instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)
                    ? list.stream().map(s -> (Object) body((Map<String, Object>) s)).toList() : value;
            case "rules" -> value instanceof List<?> list
                    ? list.stream().map(s -> (Object) body((Map<String, Object>) s)).toList() : value;
            case "start_event", "return_event", "anchor" -> value instanceof Map<?, ?> map ? body((Map<String, Object>) map) : value;
            default -> value;
        }));
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> filters(List<?> filters) {
        List<Object> wire = new ArrayList<>();
        for (Object filter : filters) {
            Map<String, Object> f = (Map<String, Object>) filter;
            wire.add(Arrays.asList(f.get("op"), f.get("dimension"), f.get("values")));
        }
        return wire;
    }

    /** A REST field path ({@code filters[0][1]}) as the argument's GraphQL path ({@code query.filters[0].dimension}). */
    static String path(String argument, String restField) {
        String field = replace(FILTER_PART, restField, FILTER_FIELDS);
        field = replace(ORDER_PART, field, ORDER_FIELDS);
        if (argument.isEmpty()) {
            return field;
        }
        return field.isEmpty() || field.equals("body") ? argument : argument + "." + field;
    }

    private static String replace(Pattern pattern, String field, String[] names) {
        Matcher m = pattern.matcher(field);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "." + names[Integer.parseInt(m.group(2))]));
        }
        m.appendTail(out);
        return out.toString();
    }
}
