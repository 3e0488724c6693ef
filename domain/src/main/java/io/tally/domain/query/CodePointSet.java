package io.tally.domain.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * A set of Unicode code points as sorted, disjoint, non-adjacent ranges {@code [lo0, hi0, lo1, hi1, …]}: what a
 * character class of a pattern stands for. It knows the Unicode classes by their RE2 names (from the JDK's tables),
 * case folding, and how many instructions RE2 needs to match the set over UTF-8.
 */
record CodePointSet(int[] bounds) {

    static final int MAX = Character.MAX_CODE_POINT;
    static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    static final CodePointSet ALL = new CodePointSet(new int[]{0, MAX});

    /** The general categories RE2 names (Cn, unassigned, is not one), as bit masks of {@link Character#getType} values. */
    private static final Map<String, Long> CATEGORIES = categories();
    private static final Map<String, CodePointSet> NAMED = new ConcurrentHashMap<>();

    CodePointSet {
        bounds = bounds.clone();
    }

    static CodePointSet of(int lo, int hi) {
        return new CodePointSet(new int[]{lo, hi});
    }

    static CodePointSet of(int... ranges) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            pairs.add(new int[]{ranges[i], ranges[i + 1]});
        }
        return normalized(pairs);
    }

    /** {@code \p{name}} as RE2 spells it ({@code L}, {@code Lu}, {@code Greek}, {@code Any}), from the JDK's tables. */
    static Optional<CodePointSet> unicodeClass(String name) {
        if (name.equals("Any")) {
            return Optional.of(ALL);
        }
        if (!CATEGORIES.containsKey(name) && script(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NAMED.computeIfAbsent(name, CodePointSet::load));
    }

    private static CodePointSet load(String name) {
        long types = CATEGORIES.getOrDefault(name, 0L);
        Character.UnicodeScript script = types == 0 ? script(name).orElseThrow() : null;
        List<int[]> pairs = new ArrayList<>();
        int start = -1;
        for (int c = 0; c <= MAX + 1; c++) {
            boolean in = c <= MAX && (script == null ? (types & (1L << Character.getType(c))) != 0
                    : Character.UnicodeScript.of(c) == script);
            if (in && start < 0) {
                start = c;
            } else if (!in && start >= 0) {
                pairs.add(new int[]{start, c - 1});
                start = -1;
            }
        }
        return normalized(pairs);
    }

    /** A script by RE2's spelling (words capitalised, joined by underscores; SignWriting as Unicode writes it). */
    private static Optional<Character.UnicodeScript> script(String name) {
        for (Character.UnicodeScript script : Character.UnicodeScript.values()) {
            if (script != Character.UnicodeScript.UNKNOWN && spelling(script).equals(name)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private static String spelling(Character.UnicodeScript script) {
        if (script == Character.UnicodeScript.SIGNWRITING) {
            return "SignWriting";
        }
        StringBuilder name = new StringBuilder();
        for (String word : script.name().split("_")) {
            if (!name.isEmpty()) {
                name.append('_');
            }
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private static Map<String, Long> categories() {
        Map<String, Byte> two = new HashMap<>();
        two.put("Cc", Character.CONTROL);
        two.put("Cf", Character.FORMAT);
        two.put("Co", Character.PRIVATE_USE);
        two.put("Cs", Character.SURROGATE);
        two.put("Ll", Character.LOWERCASE_LETTER);
        two.put("Lm", Character.MODIFIER_LETTER);
        two.put("Lo", Character.OTHER_LETTER);
        two.put("Lt", Character.TITLECASE_LETTER);
        two.put("Lu", Character.UPPERCASE_LETTER);
        two.put("Mc", Character.COMBINING_SPACING_MARK);
        two.put("Me", Character.ENCLOSING_MARK);
        two.put("Mn", Character.NON_SPACING_MARK);
        two.put("Nd", Character.DECIMAL_DIGIT_NUMBER);
        two.put("Nl", Character.LETTER_NUMBER);
        two.put("No", Character.OTHER_NUMBER);
        two.put("Pc", Character.CONNECTOR_PUNCTUATION);
        two.put("Pd", Character.DASH_PUNCTUATION);
        two.put("Pe", Character.END_PUNCTUATION);
        two.put("Pf", Character.FINAL_QUOTE_PUNCTUATION);
        two.put("Pi", Character.INITIAL_QUOTE_PUNCTUATION);
        two.put("Po", Character.OTHER_PUNCTUATION);
        two.put("Ps", Character.START_PUNCTUATION);
        two.put("Sc", Character.CURRENCY_SYMBOL);
        two.put("Sk", Character.MODIFIER_SYMBOL);
        two.put("Sm", Character.MATH_SYMBOL);
        two.put("So", Character.OTHER_SYMBOL);
        two.put("Zl", Character.LINE_SEPARATOR);
        two.put("Zp", Character.PARAGRAPH_SEPARATOR);
        two.put("Zs", Character.SPACE_SEPARATOR);
        Map<String, Long> categories = new HashMap<>();
        two.forEach((name, type) -> {
            categories.put(name, 1L << type);
            categories.merge(name.substring(0, 1), 1L << type, (a, b) -> a | b);
        });
        return Map.copyOf(categories);
    }

    private static CodePointSet normalized(List<int[]> pairs) {
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] pair : pairs) {
            int[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && pair[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], pair[1]);
            } else {
                merged.add(new int[]{pair[0], pair[1]});
            }
        }
        int[] bounds = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            bounds[2 * i] = merged.get(i)[0];
            bounds[2 * i + 1] = merged.get(i)[1];
        }
        return new CodePointSet(bounds);
    }

    int rangeCount() {
        return bounds.length / 2;
    }

    boolean contains(int c) {
        int lo = 0;
        int hi = rangeCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (c < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (c > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    CodePointSet union(CodePointSet other) {
        List<int[]> pairs = new ArrayList<>();
        for (CodePointSet set : List.of(this, other)) {
            for (int i = 0; i < set.bounds.length; i += 2) {
                pairs.add(new int[]{set.bounds[i], set.bounds[i + 1]});
            }
        }
        return normalized(pairs);
    }

    CodePointSet complement() {
        List<int[]> pairs = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] > next) {
                pairs.add(new int[]{next, bounds[i] - 1});
            }
            next = bounds[i + 1] + 1;
        }
        if (next <= MAX) {
            pairs.add(new int[]{next, MAX});
        }
        return normalized(pairs);
    }

    /** The set with every code point's case variants added, as a case-insensitive pattern reads it. */
    CodePointSet folded() {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            pairs.add(new int[]{bounds[i], bounds[i + 1]});
        }
        for (int[] orbit : orbits()) {
            for (int c : orbit) {
                if (contains(c)) {
                    for (int variant : orbit) {
                        pairs.add(new int[]{variant, variant});
                    }
                    break;
                }
            }
        }
        return normalized(pairs);
    }

    private static volatile List<int[]> orbits;

    /**
     * The code points that are one letter in different cases (k, K and the Kelvin sign): Unicode's simple case
     * folding, as RE2 uses it, rebuilt from the JDK's case mappings. The Turkish dotted and dotless i fold only
     * in Turkish, so they are left out, as RE2 leaves them out.
     */
    private static List<int[]> orbits() {
        List<int[]> known = orbits;
        if (known == null) {
            int[] parent = new int[MAX + 1];
            for (int c = 0; c <= MAX; c++) {
                parent[c] = c;
            }
            for (int c = 0; c <= MAX; c++) {
                if (c == 0x130 || c == 0x131) {
                    continue;
                }
                for (int variant : new int[]{Character.toLowerCase(c), Character.toUpperCase(c), Character.toTitleCase(c)}) {
                    if (variant != 0x130 && variant != 0x131) {
                        parent[root(parent, variant)] = root(parent, c);
                    }
                }
            }
            Map<Integer, List<Integer>> byRoot = new HashMap<>();
            for (int c = 0; c <= MAX; c++) {
                int r = root(parent, c);
                if (r != c) {
                    byRoot.computeIfAbsent(r, k -> new ArrayList<>(List.of(k))).add(c);
                }
            }
            known = byRoot.values().stream().map(o -> o.stream().mapToInt(Integer::intValue).sorted().toArray()).toList();
            orbits = known;
        }
        return known;
    }

    private static int root(int[] parent, int c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    }

    /**
     * An upper bound of the instructions RE2 compiles this set to over UTF-8: every range split into byte sequences
     * of one length (as RE2 splits them), each byte one instruction, each sequence one alternative, nothing shared.
     */
    long utf8Instructions() {
        long[] total = new long[1];
        for (int i = 0; i < bounds.length; i += 2) {
            splitUtf8(bounds[i], bounds[i + 1], length -> total[0] += length + 2);
        }
        return Math.max(1, total[0]);
    }

    private static void splitUtf8(int lo, int hi, IntConsumer sequence) {
        for (int limit : new int[]{0x7F, 0x7FF, 0xFFFF}) {
            if (lo <= limit && hi > limit) {
                splitUtf8(lo, limit, sequence);
                splitUtf8(limit + 1, hi, sequence);
                return;
            }
        }
        if (hi <= 0x7F) {
            sequence.accept(1);
            return;
        }
        for (int i = 1; i < 4; i++) {
            int m = (1 << (6 * i)) - 1;
            if ((lo & ~m) != (hi & ~m)) {
                if ((lo & m) != 0) {
                    splitUtf8(lo, lo | m, sequence);
                    splitUtf8((lo | m) + 1, hi, sequence);
                    return;
                }
                if ((hi & m) != m) {
                    splitUtf8(lo, (hi & ~m) - 1, sequence);
                    splitUtf8(hi & ~m, hi, sequence);
                    return;
                }
            }
        }
        sequence.accept(hi <= 0x7FF ? 2 : hi <= 0xFFFF ? 3 : 4);
    }

    /**
     * The ranges as the inside of an RE2 character class, short ({@code a-zà-ö}): a parser reads it, and RE2/J's
     * takes time growing with the square of a pattern's length.
     */
    String classText() {
        StringBuilder text = new StringBuilder(bounds.length * 3);
        for (int i = 0; i < bounds.length; i += 2) {
            character(text, bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                if (bounds[i + 1] > bounds[i] + 1) {
                    text.append('-');
                }
                character(text, bounds[i + 1]);
            }
        }
        return text.toString();
    }

    /** A character as itself, unless it means something in a class, is a control character or a lone surrogate. */
    private static void character(StringBuilder text, int c) {
        if (c < 0x20 || c == 0x7F || "\\[]^-".indexOf(c) >= 0 || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
            text.append("\\x{").append(Integer.toHexString(c)).append('}');
        } else {
            text.appendCodePoint(c);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodePointSet set && Arrays.equals(bounds, set.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "[" + classText() + "]";
    }
}
