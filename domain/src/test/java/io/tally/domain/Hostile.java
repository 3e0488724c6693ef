package io.tally.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generators of the input a careless or hostile client sends, shared by the property tests of every module: text
 * with quotes, escapes, SQL and pattern syntax, NUL and lone surrogates; numbers at and past every limit; JSON-like
 * values of the wrong shape; and request bodies built from each request's own vocabulary, so that most of them get
 * past the first check and exercise the rules behind it.
 */
public final class Hostile {

    private Hostile() {
    }

    /** Pieces of text that have broken parsers, SQL, CSV, logs or regex engines somewhere. */
    private static final List<String> NASTY = List.of("'", "\"", "\\", "\\N", "\\\\", "\t", "\n", "\r\n", "%", "_", "*",
            "?", ":project", "{p1:String}", "$1", "${jndi:ldap://x}", "' OR 1=1 --", "'); DROP TABLE events; --",
            "<script>alert(1)</script>", "=cmd|'/c calc'!A1", "é", "ß", "İ", "日本語", "\uD83D\uDE00", "\u202E", "\u200B",
            "\uFEFF", "a++", "(?>a)", "(a{1,30}){1,30}$", "\\p{javaLowerCase}", "\\Z", "[", "(", ".*", "^$", "1e400",
            "-0", "NaN", "Infinity", "null", "true", "0x1F", " ", "", "tly_0123456789abcdef_" + "A".repeat(43),
            "203.0.113.77", "::1", "/back\\slash", "a.b", "a..b", ".a", "a:b", "\u0007");

    /** Pieces of text that are not valid Unicode (lone UTF-16 surrogates), and NUL, which C strings end at. */
    private static final List<String> UNKEEPABLE = List.of("\u0000", "\uD800", "\uDC00", "x\uDBFF", "\uDFFFx");

    // built once: jqwik arbitraries are immutable, and building them per sample costs more than generating
    private static final Arbitrary<String> TEXT = buildText();
    private static final Arbitrary<String> KEEPABLE_TEXT = buildKeepableText();
    private static final Arbitrary<Object> NUMBER = buildNumber();
    private static final List<Arbitrary<Object>> PLAIN = new ArrayList<>();

    static {
        for (int depth = 0; depth <= 3; depth++) {
            PLAIN.add(buildPlain(depth));
        }
    }

    /** Any text at all, valid Unicode or not, up to a few dozen characters (some much longer). */
    public static Arbitrary<String> text() {
        return TEXT;
    }

    private static Arbitrary<String> buildText() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(NASTY)),
                Tuple.of(2, Arbitraries.of(UNKEEPABLE)),
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars("_-./:@$ ").ofMaxLength(16)));
        return Arbitraries.frequencyOf(
                Tuple.of(20, piece.list().ofMaxSize(5).map(pieces -> String.join("", pieces))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("a", "é", "\uD83D\uDE00", "'\\"), Arbitraries.integers().between(500, 3000))
                        .as(String::repeat)));
    }

    /** Text every store must keep exactly: valid Unicode, but otherwise as hostile as {@link #text()}. */
    public static Arbitrary<String> keepableText() {
        return KEEPABLE_TEXT;
    }

    private static Arbitrary<String> buildKeepableText() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(NASTY)),
                Tuple.of(4, Arbitraries.strings().withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFD')
                        .ofMaxLength(12)),
                Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars("_-./:@$ ").ofMaxLength(16)));
        return piece.list().ofMaxSize(5).map(pieces -> String.join("", pieces));
    }

    /** Whether {@code text} is valid Unicode, which both stores keep byte for byte (NUL included): no lone surrogate. */
    public static boolean keepable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Numbers of every Java type a JSON or GraphQL layer produces, at and past every limit. */
    public static Arbitrary<Object> number() {
        return NUMBER;
    }

    private static Arbitrary<Object> buildNumber() {
        return Arbitraries.oneOf(
                Arbitraries.integers().asGeneric(),
                Arbitraries.longs().asGeneric(),
                Arbitraries.of(0, -1, 1, 2, 7, 10, 100, 1000, 10_000, 100_000, Integer.MAX_VALUE, Integer.MIN_VALUE).asGeneric(),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE).asGeneric(),
                Arbitraries.of(new BigInteger("18446744073709551621"), new BigInteger("123456789012345678901234567890"),
                        BigInteger.TWO.pow(200).negate()).asGeneric(),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("1e-400"),
                        new BigDecimal("99999999999999.999999"), new BigDecimal("0.1234567"), new BigDecimal("2.5"),
                        new BigDecimal("7.0"), new BigDecimal("-0.0")).asGeneric(),
                Arbitraries.doubles().asGeneric(),
                Arbitraries.of(Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 1.0E-300).asGeneric());
    }

    /** A JSON-like value of any shape: null, booleans, numbers, text, lists and objects nested a few levels. */
    public static Arbitrary<Object> plain() {
        return PLAIN.get(3);
    }

    /** A JSON-like value nested at most {@code depth} levels. */
    public static Arbitrary<Object> plain(int depth) {
        return PLAIN.get(depth);
    }

    private static Arbitrary<Object> buildPlain(int depth) {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.of(true, false).asGeneric()),
                Tuple.of(3, number()),
                Tuple.of(5, text().asGeneric()));
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaf),
                Tuple.of(1, PLAIN.get(depth - 1).list().ofMaxSize(4).asGeneric()),
                Tuple.of(1, object(PLAIN.get(depth - 1)).asGeneric()));
    }

    /** An object with hostile keys and the given values. */
    public static Arbitrary<Map<String, Object>> object(Arbitrary<Object> values) {
        // pairs rather than Arbitraries.maps, whose unique-key generation is a hundred times slower here
        return Combinators.combine(text(), values).as((k, v) -> (Map.Entry<String, Object>) new AbstractMap.SimpleEntry<>(k, v)).list().ofMaxSize(4).map(entries -> {
            Map<String, Object> object = new LinkedHashMap<>();
            entries.forEach(entry -> object.put(entry.getKey(), entry.getValue()));
            return object;
        });
    }

    /**
     * Sometimes {@code usual} (the request's own vocabulary, so rules past the first get exercised), sometimes any
     * value at all.
     */
    public static Arbitrary<Object> mostly(Arbitrary<?> usual) {
        return Arbitraries.frequencyOf(Tuple.of(4, usual.asGeneric()), Tuple.of(1, plain()));
    }

    /**
     * An object made of some of {@code fields} (name to value generator), each present with probability 2/3, plus
     * now and then a field no request knows.
     */
    public static Arbitrary<Object> body(Map<String, Arbitrary<?>> fields) {
        List<Arbitrary<Map.Entry<String, Object>>> entries = new ArrayList<>();
        fields.forEach((name, value) -> entries.add(Arbitraries.frequencyOf(
                Tuple.of(2, mostly(value).map(v -> Map.entry(name, v == null ? NULL : v))),
                Tuple.of(1, Arbitraries.just(Map.entry(name, ABSENT))))));
        Arbitrary<Map<String, Object>> known = Combinators.combine(entries).as(list -> {
            Map<String, Object> body = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : list) {
                if (entry.getValue() != ABSENT) {
                    body.put(entry.getKey(), entry.getValue() == NULL ? null : entry.getValue());
                }
            }
            return body;
        });
        Arbitrary<Map<String, Object>> withStrangers = Combinators.combine(known, object(plain(1))).as((body, extra) -> {
            body.putAll(extra);
            return body;
        });
        return Arbitraries.frequencyOf(Tuple.of(11, known.asGeneric()), Tuple.of(1, withStrangers.asGeneric()),
                Tuple.of(1, plain()));
    }

    /**
     * A plain value as JSON text, every character outside printable ASCII escaped ({@code \\uD800} stays a lone
     * surrogate on the wire, as a hostile client would send it); numbers in their exact decimal form.
     */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case BigDecimal d -> out.append(d.toString());
            case Number n -> out.append(n);
            case String text -> {
                out.append('"');
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    writeJson(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    writeJson(entry.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    writeJson(list.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a plain value: " + value.getClass());
        }
    }

    /** Bytes that break JSON and UTF-8 in the ways clients do: cut short, stray bytes, overlong and invalid sequences. */
    public static Arbitrary<byte[]> mangled(Arbitrary<String> json) {
        Arbitrary<byte[]> poison = Arbitraries.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{0},
                new byte[]{'\n'}, new byte[]{'{'}, new byte[]{'"'}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        return Combinators.combine(json, poison, Arbitraries.doubles().between(0, 1), Arbitraries.of(0, 1, 2))
                .as((text, bad, where, how) -> {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    int at = (int) (where * bytes.length);
                    return switch (how) {
                        case 0 -> Arrays.copyOf(bytes, at); // cut short
                        case 1 -> { // poison inserted
                            byte[] out = new byte[bytes.length + bad.length];
                            System.arraycopy(bytes, 0, out, 0, at);
                            System.arraycopy(bad, 0, out, at, bad.length);
                            System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
                            yield out;
                        }
                        default -> bytes; // as it is
                    };
                });
    }

    private static final Object ABSENT = new Object();
    private static final Object NULL = new Object();

    // ---- the vocabularies of the query requests ----

    public static final List<String> METRICS = List.of("events", "visitors", "sessions", "pageviews", "views_per_session",
            "bounce_rate", "avg_session_duration", "conversions", "conversion_rate", "revenue", "arpu", "kpi:cr",
            "kpi:missing", "kpi:");
    public static final List<String> DIMENSIONS = List.of("time:minute", "time:hour", "time:day", "time:week",
            "time:month", "time:year", "event_type", "prop:path", "prop:plan", "prop:revenue", "prop:a.b", "prop:",
            "country", "region", "city", "browser", "os", "device", "referrer", "utm_source", "utm_medium", "utm_campaign",
            "exit_page");
    public static final List<String> OPERATORS = List.of("is", "is_not", "contains", "matches", "gt", "lt", "in_cohort",
            "IS", "eq");
    public static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "Pacific/Chatham", "+05:30", "+14:00", "-12:00", "Z", "UT", "GMT", "GMT+14", "UTC+5",
            "SystemV/EST5", "Etc/GMT-14", "EST", "Mars/Olympus", "europe/berlin", "");
    public static final List<String> EVENT_TYPES = List.of("page_view", "sign_up", "purchase", "conversion",
            "user signed up", "Order Completed", "it's", "/back\\slash", "日本", "\uD83D\uDE00");

    public static Arbitrary<String> dateRangeKeyword() {
        return Arbitraries.of("today", "yesterday", "last_24h", "last_7d", "last_30d", "last_90d", "last_9999d",
                "last_0d", "month_to_date", "last_month", "year_to_date", "all_time", "last_7D");
    }

    public static Arbitrary<Object> dateRange() {
        Arbitrary<String> instant = Arbitraries.of("2026-11-01", "2026-11-30", "2026-11-01T00:00:00Z",
                "2026-10-25T02:30:00+02:00", "2026-13-01", "1899-12-31", "0001-01-01", "9999-12-31T23:59:59Z",
                "2026-11-01T00:00:00", "yesterday", "");
        return Arbitraries.oneOf(dateRangeKeyword().asGeneric(), instant.list().ofMinSize(0).ofMaxSize(3).asGeneric());
    }

    public static Arbitrary<Object> filter() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.oneOf(text(), Arbitraries.of(EVENT_TYPES)).asGeneric(),
                number()).list().ofMaxSize(3).asGeneric();
        return Combinators.combine(Arbitraries.of(OPERATORS), Arbitraries.of(DIMENSIONS), values)
                .as((op, dimension, vs) -> (Object) new ArrayList<>(List.of(op, dimension, vs)));
    }

    public static Arbitrary<Object> step() {
        return body(Map.of("event", Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), text()),
                "filters", filter().list().ofMaxSize(2)));
    }

    public static Arbitrary<Object> report() {
        return body(Map.of(
                "metrics", Arbitraries.of(METRICS).list().ofMinSize(0).ofMaxSize(4),
                "dimensions", Arbitraries.of(DIMENSIONS).list().ofMaxSize(3),
                "filters", filter().list().ofMaxSize(3),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES),
                "compare", Arbitraries.of("previous_period", "previous_year", "next_year"),
                "order_by", Combinators.combine(Arbitraries.of(METRICS), Arbitraries.of("asc", "desc", "up"))
                        .as((c, d) -> List.of(c, d)).list().ofMaxSize(2),
                "limit", number()));
    }

    public static Arbitrary<Object> funnel() {
        return body(Map.of(
                "steps", step().list().ofMinSize(0).ofMaxSize(11),
                "conversion_window", Arbitraries.of("1h", "7d", "90s", "0d", "999999d", "1w", "7 days"),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES),
                "breakdown", Arbitraries.of(DIMENSIONS),
                "time_to_convert", body(Map.of(
                        "from_step", stepNumber(),
                        "to_step", stepNumber(),
                        "bins", Arbitraries.oneOf(Arbitraries.of(0, 1, 10, 90, 91).asGeneric(), number())))));
    }

    /** A step number near the funnel's bounds, or any number at all. */
    private static Arbitrary<Object> stepNumber() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 11).asGeneric(), number());
    }

    public static Arbitrary<Object> retention() {
        return body(Map.of(
                "start_event", step(),
                "return_event", step(),
                "period", Arbitraries.of("day", "week", "month", "year"),
                "week_start", Arbitraries.of("monday", "sunday", "MONDAY", "funday"),
                "mode", Arbitraries.of("first_time", "recurring", "sometimes"),
                "periods", number(),
                "population", Arbitraries.of("buyers", "nobody", ""),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES)));
    }

    /** A stickiness or lifecycle body: both read the same fields. */
    public static Arbitrary<Object> stickiness() {
        return body(Map.of(
                "event", Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), text()),
                "filters", filter().list().ofMaxSize(2),
                "interval", Arbitraries.of("hour", "day", "week", "month", "minute", "year"),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES)));
    }

    /** A trend body: series of events or goals with metrics, formulas over letters (some missing), a breakdown and its limit. */
    public static Arbitrary<Object> trend() {
        Arbitrary<Object> series = body(Map.of(
                "event", Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), text()),
                "goal", Arbitraries.of("blog", "nope", ""),
                "filters", filter().list().ofMaxSize(2),
                "metric", Arbitraries.of("events", "visitors", "sessions", "revenue", "bounce_rate", "kpi:cr", "kpi:none", "clicks")));
        Arbitrary<Object> formula = body(Map.of(
                "expression", Arbitraries.oneOf(Arbitraries.of("B / A * 100", "A - B", "C", "A /", "(A", "-A", "visitors").asGeneric(),
                        text()),
                "name", Arbitraries.oneOf(Arbitraries.of("A", "rate", "").asGeneric(), text())));
        return body(Map.of(
                "series", series.list().ofMinSize(0).ofMaxSize(11),
                "formulas", formula.list().ofMaxSize(6),
                "filters", filter().list().ofMaxSize(2),
                "interval", Arbitraries.of("minute", "hour", "day", "week", "month", "year"),
                "breakdown", Arbitraries.of(DIMENSIONS),
                "breakdown_limit", Arbitraries.oneOf(Arbitraries.of(0, 1, 25, 100, 101).asGeneric(), number()),
                "compare", Arbitraries.of("previous_period", "previous_year", "yesterday"),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES)));
    }

    /** A goal or a conversions body: events, page patterns with wildcards and syntax, goal names, filters. */
    public static Arbitrary<Object> goal() {
        return body(Map.of(
                "name", Arbitraries.oneOf(Arbitraries.of("blog", "Blog", "", "a".repeat(65)).asGeneric(), text()),
                "description", text(),
                "event", Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), text()),
                "page", Arbitraries.oneOf(Arbitraries.of("/blog/**", "/*", "/***", "/a+b(1).html", "", "/" + "x".repeat(120)).asGeneric(),
                        text()),
                "filters", filter().list().ofMaxSize(2),
                "goals", Arbitraries.oneOf(Arbitraries.of(List.of(), List.of("blog"), List.of("blog", "blog"), List.of("nope"))
                        .asGeneric(), text()),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES)));
    }

    public static Arbitrary<Object> paths() {
        return body(Map.of(
                "anchor", step(),
                "direction", Arbitraries.of("next", "previous", "sideways"),
                "steps", number(),
                "top", number(),
                "node", Arbitraries.of(DIMENSIONS),
                "date_range", dateRange(),
                "timezone", Arbitraries.of(ZONES)));
    }

    /**
     * An event that passes every rule but the ones about its text: the required fields present, a good timestamp (or
     * none), properties with plain names, values of every kind; ids and text values as hostile as {@link #text()}.
     */
    public static Arbitrary<Map<String, Object>> validishEvent() {
        Arbitrary<String> id = Arbitraries.frequencyOf(Tuple.of(3, text()), Tuple.of(1, keepableText()))
                .filter(t -> !t.isBlank() && t.length() <= 128);
        Arbitrary<String> name = Arbitraries.strings().alpha().numeric().withChars("_.:/-$@").ofMinLength(1).ofMaxLength(20)
                .filter(n -> Character.isLetterOrDigit(n.charAt(0)) && !n.endsWith(".") && !n.contains(".."));
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                Tuple.of(4, text().filter(t -> t.length() <= 1024).asGeneric()),
                Tuple.of(2, number()),
                Tuple.of(1, Arbitraries.of(true, false).asGeneric()),
                Tuple.of(1, Arbitraries.just(null)));
        Arbitrary<Map<String, Object>> properties = Combinators.combine(name, value)
                .as((k, v) -> (Map.Entry<String, Object>) new AbstractMap.SimpleEntry<>(k, v))
                .list().ofMaxSize(6).map(entries -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    entries.forEach(entry -> object.put(entry.getKey(), entry.getValue()));
                    return object;
                });
        Arbitrary<Object> timestamp = Arbitraries.of("2026-11-28T10:15:30Z", "2026-11-28T10:15:30.123456+05:30",
                "2026-11-27T23:59:59.999-08:00").asGeneric();
        return Combinators.combine(id, id, id, Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), id), timestamp, properties,
                        Arbitraries.oneOf(text(), Arbitraries.just("Mozilla/5.0")), Arbitraries.of("203.0.113.7", "2001:db8::1"))
                .as((eventId, user, session, type, at, props, agent, ip) -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("event_id", eventId);
                    event.put("user_id", user);
                    event.put("session_id", session);
                    event.put("event_type", type);
                    event.put("timestamp", at);
                    event.put("properties", props);
                    event.put("user_agent", agent);
                    event.put("ip_address", ip);
                    return event;
                });
    }

    // ---- queries that pass every rule, with hostile values where values go: they reach the engines ----

    private static final List<String> GOOD_METRICS = List.of("events", "visitors", "sessions", "pageviews",
            "views_per_session", "bounce_rate", "avg_session_duration", "conversions", "conversion_rate", "revenue", "arpu",
            "kpi:cr");
    private static final List<String> GOOD_DIMENSIONS = List.of("time:hour", "time:day", "time:week", "event_type",
            "prop:path", "prop:plan", "prop:revenue", "prop:n", "country", "browser", "device", "referrer", "utm_source");
    /** A report groups by a session's exit page too, which filters, funnels and paths refuse. */
    private static final List<String> GOOD_REPORT_DIMENSIONS = Stream.concat(GOOD_DIMENSIONS.stream(), Stream.of("exit_page")).toList();
    private static final List<String> GOOD_ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Sydney", "+05:00", "GMT+14", "Z");
    private static final List<String> GOOD_RANGES = List.of("last_24h", "last_7d", "last_30d", "today", "yesterday",
            "month_to_date");

    /** A filter every parser takes: a known operator and dimension, hostile values (or a saved cohort). */
    public static Arbitrary<Object> goodFilter() {
        Arbitrary<Object> value = Arbitraries.frequencyOf(
                Tuple.of(3, keepableText().filter(t -> !t.isEmpty() && t.length() <= 200).asGeneric()),
                Tuple.of(2, Arbitraries.of("page_view", "/pricing", "/docs", "pro", "DE", "Chrome", "google", "it's",
                        "/back\\slash", "\\N", "50%_off").asGeneric()),
                Tuple.of(1, Arbitraries.of(".*", "^/p", "(?i)CHROME", "a|b", "[0-9]+", "\\.").asGeneric()));
        Arbitrary<Object> match = Combinators.combine(Arbitraries.of("is", "is_not", "contains", "matches"),
                Arbitraries.of(GOOD_DIMENSIONS.stream().filter(d -> !d.startsWith("time:")).toList()),
                value.list().ofMinSize(1).ofMaxSize(3))
                .as((op, dimension, values) -> (Object) List.of(op, dimension, values));
        Arbitrary<Object> compare = Combinators.combine(Arbitraries.of("gt", "lt"), Arbitraries.of("prop:revenue", "prop:n"),
                Arbitraries.oneOf(Arbitraries.of(-1, 0, 10, 100.5, 499.99, 0.000000000000001, 999999999999999L).asGeneric(),
                        number()))
                .as((op, key, n) -> (Object) List.of(op, key, List.of(n)));
        return Arbitraries.frequencyOf(Tuple.of(6, match), Tuple.of(1, compare),
                Tuple.of(1, Arbitraries.just((Object) List.of("in_cohort", "user", List.of("buyers")))));
    }

    private static Arbitrary<Object> goodStep() {
        return Combinators.combine(Arbitraries.of("page_view", "sign_up", "purchase", "conversion", "it's", "user signed up"),
                goodFilter().list().ofMaxSize(2))
                .as((event, filters) -> (Object) Map.of("event", event, "filters", filters));
    }

    /** Now and then one field of a good body replaced by anything at all: one mistake at a time. */
    private static Arbitrary<Object> spoiled(Arbitrary<Map<String, Object>> good, List<String> fields) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, good.asGeneric()),
                Tuple.of(1, Combinators.combine(good, Arbitraries.of(fields), plain(1)).as((body, field, value) -> {
                    Map<String, Object> spoilt = new LinkedHashMap<>(body);
                    spoilt.put(field, value);
                    return (Object) spoilt;
                })));
    }

    public static Arbitrary<Object> goodReport() {
        Arbitrary<Map<String, Object>> good = Combinators.combine(
                Arbitraries.of(GOOD_METRICS).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
                Arbitraries.of(GOOD_REPORT_DIMENSIONS).list().ofMaxSize(2).uniqueElements(),
                goodFilter().list().ofMaxSize(3), Arbitraries.of(GOOD_RANGES), Arbitraries.of(GOOD_ZONES),
                Arbitraries.of("none", "previous_period", "previous_year"))
                .as((metrics, dimensions, filters, range, zone, compare) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("metrics", metrics);
                    body.put("dimensions", dimensions);
                    body.put("filters", filters);
                    body.put("date_range", range);
                    body.put("timezone", zone);
                    if (!compare.equals("none")) {
                        body.put("compare", compare);
                    }
                    return body;
                });
        return spoiled(good, List.of("metrics", "dimensions", "filters", "date_range", "timezone", "limit", "order_by"));
    }

    public static Arbitrary<Object> goodFunnel() {
        Arbitrary<Map<String, Object>> good = Combinators.combine(goodStep().list().ofMinSize(2).ofMaxSize(4),
                Arbitraries.of("1h", "1d", "7d"), Arbitraries.of(GOOD_RANGES), Arbitraries.of(GOOD_ZONES),
                Arbitraries.of("none", "utm_source", "country", "prop:plan"))
                .as((steps, window, range, zone, breakdown) -> {
                    Map<String, Object> body = new LinkedHashMap<>(Map.of("steps", steps, "conversion_window", window,
                            "date_range", range, "timezone", zone));
                    if (!breakdown.equals("none")) {
                        body.put("breakdown", breakdown);
                    }
                    return body;
                });
        return spoiled(good, List.of("steps", "conversion_window", "breakdown", "timezone"));
    }

    public static Arbitrary<Object> goodRetention() {
        Arbitrary<Map<String, Object>> good = Combinators.combine(goodStep(), goodStep(), Arbitraries.of("day", "week", "month"),
                        Arbitraries.of("first_time", "recurring"), Arbitraries.integers().between(1, 8),
                        Arbitraries.of("last_30d", "last_7d", "month_to_date"), Arbitraries.of(GOOD_ZONES))
                .as((start, back, period, mode, periods, range, zone) -> new LinkedHashMap<>(Map.of("start_event", start,
                        "return_event", back, "period", period, "mode", mode, "periods", periods, "date_range", range,
                        "timezone", zone)));
        return spoiled(good, List.of("start_event", "period", "periods", "mode"));
    }

    public static Arbitrary<Object> goodPaths() {
        Arbitrary<Map<String, Object>> good = Combinators.combine(goodStep(), Arbitraries.of("next", "previous"),
                        Arbitraries.integers().between(1, 4), Arbitraries.of("prop:path", "event_type", "referrer"),
                        Arbitraries.of(GOOD_RANGES), Arbitraries.of(GOOD_ZONES))
                .as((anchor, direction, steps, node, range, zone) -> new LinkedHashMap<>(Map.of("anchor", anchor,
                        "direction", direction, "steps", steps, "node", node, "date_range", range, "timezone", zone)));
        return spoiled(good, List.of("anchor", "steps", "node", "top"));
    }

    /** An event as decoded from the wire: mostly the known fields with hostile values, now and then anything. */
    public static Arbitrary<Object> event() {
        Arbitrary<Object> properties = object(Arbitraries.frequencyOf(
                Tuple.of(5, plain(0)),
                Tuple.of(1, object(plain(1)).asGeneric())).asGeneric()).asGeneric();
        return body(Map.of(
                "event_id", text(),
                "user_id", text(),
                "session_id", text(),
                "event_type", Arbitraries.oneOf(Arbitraries.of(EVENT_TYPES), text()),
                "project_id", Arbitraries.of("default", "other", ""),
                "timestamp", Arbitraries.oneOf(Arbitraries.of("2026-11-28T10:15:30Z", "2026-11-28T10:15:30.123456789+05:30",
                        "2026-11-28", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z").asGeneric(), number()),
                "properties", properties,
                "user_agent", text(),
                "ip_address", Arbitraries.of("203.0.113.7", "::1", "999.1.1.1", "fe80::1%eth0", "localhost", "1.2.3")));
    }
}
