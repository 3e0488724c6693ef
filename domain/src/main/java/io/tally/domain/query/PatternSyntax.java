package io.tally.domain.query;

import io.tally.domain.validation.ViolationKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pattern as RE2, the C++ library in DuckDB and ClickHouse, reads it, before RE2/J sees it: RE2/J expands
 * nested repetitions without a limit ({@code ((a{1000}){1000}){1000}} fills the heap) and its case folding loops
 * forever on letters newer than its tables ({@code (?i)\x{1c80}}), so neither may reach it. The reading refuses
 * what the stores refuse and RE2/J would not (nested repetition counts multiplying past 1,000, escaped non-ASCII
 * characters, named groups written {@code (?<name>…)}), bounds the program both compile, and writes the pattern
 * RE2/J runs: case folding done here (no {@code i} flag left) and Unicode classes as code point ranges from the
 * JDK's tables, so that {@code \p{L}} means what it means in the stores (RE2/J's tables are Unicode 6.0). What it
 * leaves as it was, RE2/J checks.
 */
final class PatternSyntax {

    /** RE2 refuses a repetition count above this, and nested repetitions whose counts multiply past it. */
    static final int MAX_REPEAT = 1000;

    /** What reading a pattern gave. */
    sealed interface Reading {
        /**
         * @param rewritten         the pattern for RE2/J: no case folding flag, Unicode classes as ranges
         * @param portable          the pattern for the stores' RE2: RE2's defaults stated ({@code (?-s)}, which
         *                          ClickHouse's {@code match} changes) and every character outside ASCII written as
         *                          {@code \x{…}} (ClickHouse splits one followed by a repetition into its bytes)
         * @param storeInstructions at least the instructions RE2 compiles the pattern to (over UTF-8)
         * @param instructions      at least the instructions RE2/J compiles {@code rewritten} to
         */
        record Read(String rewritten, String portable, long storeInstructions, long instructions) implements Reading {
        }

        record Refused(ViolationKind kind, String reason) implements Reading {
        }
    }

    private static final CodePointSet NEWLINE = CodePointSet.of('\n', '\n');
    private static final CodePointSet DIGIT = CodePointSet.of('0', '9');
    private static final CodePointSet SPACE = CodePointSet.of('\t', '\n', '\f', '\r', ' ', ' ');
    private static final CodePointSet WORD = CodePointSet.of('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
    private static final String NOTHING = "[^\\x{0}-\\x{10ffff}]";

    private final String pattern;
    private final StringBuilder out;
    private final StringBuilder portable = new StringBuilder("(?-s)");
    private int at;
    private boolean foldCase;
    private boolean dotAll;

    private PatternSyntax(String pattern) {
        this.pattern = pattern;
        this.out = new StringBuilder(pattern.length() + 16);
    }

    /** Reads {@code pattern}, any text. */
    static Reading read(String pattern) {
        PatternSyntax syntax = new PatternSyntax(pattern);
        try {
            Piece whole = syntax.alternation();
            if (syntax.more()) {
                throw new Refusal("unexpected ): " + pattern.substring(0, syntax.at + 1));
            }
            // + the unanchored prefix (.*?) and the match
            return new Reading.Read(syntax.out.toString(), syntax.portable.toString(), whole.store + 64, whole.runes + 8);
        } catch (Refusal refusal) {
            return new Reading.Refused(refusal.kind, refusal.getMessage());
        } catch (RuntimeException e) { // a reading error on text RE2 would refuse anyway
            return new Reading.Refused(ViolationKind.MALFORMED, "cannot be read");
        }
    }

    /**
     * Upper bounds of the instructions of a piece in RE2 (over UTF-8 bytes) and RE2/J (over code points), and the
     * largest product of nested repetition counts inside it.
     */
    private record Piece(long store, long runes, long nesting) {
        static final Piece ONE = new Piece(1, 1, 1);
    }

    private static final class Refusal extends RuntimeException {
        final ViolationKind kind;

        Refusal(String message) {
            this(ViolationKind.MALFORMED, message);
        }

        Refusal(ViolationKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    private boolean more() {
        return at < pattern.length();
    }

    private char peek() {
        return pattern.charAt(at);
    }

    private boolean next(char c) {
        return more() && peek() == c;
    }

    private int codePoint() {
        if (!more()) {
            throw new Refusal("ends inside an escape, a class or a group: " + pattern);
        }
        int c = pattern.codePointAt(at);
        at += Character.charCount(c);
        return c;
    }

    private Piece alternation() {
        List<Piece> branches = new ArrayList<>();
        branches.add(concatenation());
        while (next('|')) {
            at++;
            both("|");
            branches.add(concatenation());
        }
        return new Piece(branches.stream().mapToLong(Piece::store).sum() + branches.size() - 1,
                branches.stream().mapToLong(Piece::runes).sum() + branches.size() - 1,
                branches.stream().mapToLong(Piece::nesting).max().orElse(1));
    }

    private Piece concatenation() {
        List<Piece> items = new ArrayList<>();
        boolean repeated = false; // the last item already carries a repetition operator
        while (more() && peek() != '|' && peek() != ')') {
            int start = at;
            Piece applied = repetition(items.isEmpty() ? null : items.getLast());
            if (applied != null) {
                if (items.isEmpty()) {
                    throw new Refusal("missing argument to repetition operator: " + pattern.substring(start, at));
                }
                if (repeated) {
                    throw new Refusal("invalid nested repetition operator: " + pattern.substring(start, at)
                            + " (group the repeated part: (?:a*)*)");
                }
                items.set(items.size() - 1, applied);
                repeated = true;
                continue;
            }
            int before = items.size();
            atom(items);
            repeated = repeated && items.size() == before; // a flag group adds nothing and keeps the last item
        }
        return new Piece(Math.max(1, items.stream().mapToLong(Piece::store).sum()),
                Math.max(1, items.stream().mapToLong(Piece::runes).sum()),
                items.stream().mapToLong(Piece::nesting).max().orElse(1));
    }

    /** A repetition operator at the cursor applied to {@code last}, consumed and written; null when there is none. */
    private Piece repetition(Piece last) {
        int start = at;
        char c = peek();
        Piece operand = last == null ? Piece.ONE : last;
        Piece repeated;
        if (c == '*' || c == '+' || c == '?') {
            at++;
            repeated = new Piece(operand.store + 2, operand.runes + 2, operand.nesting);
        } else if (c == '{') {
            int[] counts = counts();
            if (counts == null) {
                return null;
            }
            int min = counts[0];
            int max = counts[1];
            if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
                throw new Refusal("invalid repeat count: " + pattern.substring(start, at) + " (at most " + MAX_REPEAT + ")");
            }
            long factor = Math.max(1, max >= 0 ? max : min); // RE2 divides its budget by max, or min when unbounded
            long nesting = operand.nesting * factor;
            if (nesting > MAX_REPEAT) {
                throw new Refusal(ViolationKind.TOO_LARGE, "nested repetition counts multiply to " + nesting
                        + "; RE2 (DuckDB, ClickHouse) allows at most " + MAX_REPEAT);
            }
            long copies = max >= 0 ? max : min + 1L;
            repeated = new Piece(copies * (operand.store + 1) + 1, copies * (operand.runes + 1) + 1, nesting);
        } else {
            return null;
        }
        if (next('?')) {
            at++; // non-greedy
        }
        keep(start);
        return repeated;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at the cursor as [min, max or -1], consumed; null when the brace is a literal. */
    private int[] counts() {
        int end = at + 1;
        int[] min = number(end);
        if (min == null) {
            return null;
        }
        end = min[1];
        int max = min[0];
        if (end < pattern.length() && pattern.charAt(end) == ',') {
            end++;
            max = -1;
            if (end < pattern.length() && pattern.charAt(end) != '}') {
                int[] upper = number(end);
                if (upper == null) {
                    return null;
                }
                max = upper[0];
                end = upper[1];
            }
        }
        if (end >= pattern.length() || pattern.charAt(end) != '}') {
            return null;
        }
        at = end + 1;
        return new int[]{min[0], max};
    }

    /** The decimal number at {@code from} and where it ends, as RE2 reads a count (no leading zeros); null if none. */
    private int[] number(int from) {
        int end = from;
        while (end < pattern.length() && pattern.charAt(end) >= '0' && pattern.charAt(end) <= '9') {
            end++;
        }
        if (end == from || (end - from >= 2 && pattern.charAt(from) == '0')) {
            return null;
        }
        String digits = pattern.substring(from, end);
        return new int[]{digits.length() > 8 ? Integer.MAX_VALUE : Integer.parseInt(digits), end};
    }

    private void atom(List<Piece> items) {
        switch (peek()) {
            case '(' -> group(items);
            case '[' -> items.add(characterClass());
            case '\\' -> escape(items);
            case '.' -> {
                at++;
                both(".");
                items.add(set(dotAll ? CodePointSet.ALL : NEWLINE.complement()));
            }
            case '^', '$' -> {
                both(String.valueOf(peek()));
                at++;
                items.add(Piece.ONE);
            }
            default -> {
                int start = at;
                int c = codePoint();
                items.add(literal(c, pattern.substring(start, at)));
            }
        }
    }

    private void group(List<Piece> items) {
        int start = at;
        at++;
        boolean capture = true;
        boolean savedFold = foldCase;
        boolean savedDotAll = dotAll;
        if (next('?')) {
            if (pattern.startsWith("?P<", at)) {
                int close = pattern.indexOf('>', at);
                if (close < 0) {
                    throw new Refusal("invalid named capture: " + pattern.substring(start));
                }
                at = close + 1;
                keep(start);
            } else if (pattern.startsWith("?<", at) && !pattern.startsWith("?<=", at) && !pattern.startsWith("?<!", at)) {
                throw new Refusal(ViolationKind.UNSUPPORTED, "name a group with (?P<name>…): DuckDB's RE2 does not read (?<name>…)");
            } else if (flags(start)) {
                return; // flags for the rest of the enclosing group
            } else {
                capture = false;
            }
        } else {
            both("(");
        }
        Piece inner = alternation();
        if (!next(')')) {
            throw new Refusal("missing closing ): " + pattern.substring(start));
        }
        at++;
        both(")");
        foldCase = savedFold;
        dotAll = savedDotAll;
        items.add(new Piece(inner.store + (capture ? 2 : 0), inner.runes + (capture ? 2 : 0), inner.nesting));
    }

    /**
     * Flags {@code (?is-m)} or a group with flags {@code (?i:}, the cursor at {@code ?}: sets them, writes them without
     * {@code i} (folding is done here) and answers whether that was all (no group opened).
     */
    private boolean flags(int start) {
        at++;
        StringBuilder on = new StringBuilder();
        StringBuilder off = new StringBuilder();
        boolean negated = false;
        boolean sawFlag = false;
        while (more() && "imsU-".indexOf(peek()) >= 0) {
            char flag = peek();
            at++;
            if (flag == '-') {
                if (negated) {
                    break;
                }
                negated = true;
                sawFlag = false;
                continue;
            }
            sawFlag = true;
            if (flag == 'i') {
                foldCase = !negated;
            } else {
                (negated ? off : on).append(flag);
            }
            if (flag == 's') {
                dotAll = !negated;
            }
        }
        if (!more() || (peek() != ')' && peek() != ':') || (negated && !sawFlag)) {
            throw new Refusal(ViolationKind.UNSUPPORTED, "invalid or unsupported Perl syntax: "
                    + pattern.substring(start, Math.min(pattern.length(), at + 1))
                    + " (RE2 has no look-arounds, atomic groups, comments or x flag)");
        }
        boolean alone = peek() == ')';
        at++;
        portable.append(pattern, start, at); // the stores fold case themselves
        if (alone && on.isEmpty() && off.isEmpty()) {
            return true; // only i: nothing left to write
        }
        out.append("(?").append(on);
        if (!off.isEmpty()) {
            out.append('-').append(off);
        }
        out.append(alone ? ')' : ':');
        return alone;
    }

    private void escape(List<Piece> items) {
        int start = at;
        at++;
        int c = codePoint();
        switch (c) {
            case 'Q' -> quoted(items);
            case 'p', 'P' -> {
                CodePointSet set = unicodeClass(c == 'P', start);
                out.append(classText(set));
                portable.append(pattern, start, at);
                items.add(set(set));
            }
            case 'd', 'D', 's', 'S', 'w', 'W' -> {
                CodePointSet set = perlClass(c);
                out.append(foldCase ? classText(set) : pattern.substring(start, at));
                portable.append(pattern, start, at);
                items.add(set(set));
            }
            case 'A', 'z', 'b', 'B' -> {
                keep(start);
                items.add(Piece.ONE);
            }
            default -> items.add(literal(escapedCharacter(c, start), pattern.substring(start, at)));
        }
    }

    /** {@code \Q…\E}: every character literal; the cursor after {@code \Q}. */
    private void quoted(List<Piece> items) {
        int end = pattern.indexOf("\\E", at);
        int stop = end < 0 ? pattern.length() : end;
        while (at < stop) {
            items.add(literal(codePoint(), null)); // written as \x{…}: no character of it is a metacharacter
        }
        at = end < 0 ? stop : end + 2;
    }

    /** The character an escape other than a class or an assertion stands for; the cursor after {@code \c}. */
    private int escapedCharacter(int c, int start) {
        if (c >= 0x80) {
            throw new Refusal("invalid escape sequence: " + pattern.substring(start, at)
                    + " (RE2 escapes only ASCII punctuation; write the character itself)");
        }
        return switch (c) {
            case 'a' -> 7;
            case 'f' -> '\f';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'v' -> 0x0B;
            case 'x' -> hex(start);
            case '0' -> octal(0);
            case '1', '2', '3', '4', '5', '6', '7' -> {
                if (!more() || peek() < '0' || peek() > '7') {
                    throw new Refusal(ViolationKind.UNSUPPORTED, "back-references are not RE2: " + pattern.substring(start, at));
                }
                yield octal(c - '0');
            }
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new Refusal("invalid escape sequence: " + pattern.substring(start, at)
                            + (c == 'Z' ? " (RE2 ends the text with \\z)" : ""));
                }
                yield c;
            }
        };
    }

    private int hex(int start) {
        int end;
        int from;
        if (next('{')) {
            from = at + 1;
            end = pattern.indexOf('}', from);
            if (end < 0 || end == from || end - from > 8) {
                throw new Refusal("invalid escape sequence: " + pattern.substring(start));
            }
            at = end + 1;
        } else {
            from = at;
            end = at + 2;
            at = end;
        }
        if (end > pattern.length()) {
            throw new Refusal("invalid escape sequence: " + pattern.substring(start));
        }
        int value;
        try {
            value = Integer.parseInt(pattern.substring(from, end), 16);
        } catch (NumberFormatException e) {
            throw new Refusal("invalid escape sequence: " + pattern.substring(start, at));
        }
        if (value > CodePointSet.MAX || pattern.substring(from, end).startsWith("+") || pattern.substring(from, end).startsWith("-")) {
            throw new Refusal("invalid escape sequence: " + pattern.substring(start, at));
        }
        return value;
    }

    private int octal(int first) {
        int value = first;
        for (int digits = 1; digits < 3 && more() && peek() >= '0' && peek() <= '7'; digits++) {
            value = value * 8 + (peek() - '0');
            at++;
        }
        return value;
    }

    /** {@code \pL}, {@code \p{Greek}}, {@code \P{L}} or {@code \p{^L}}, the cursor after {@code \p}: the set it stands for. */
    private CodePointSet unicodeClass(boolean negated, int start) {
        String name;
        if (next('{')) {
            int close = pattern.indexOf('}', at);
            if (close < 0) {
                throw new Refusal("invalid character class range: " + pattern.substring(start));
            }
            name = pattern.substring(at + 1, close);
            at = close + 1;
        } else {
            name = Character.toString(codePoint());
        }
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        CodePointSet named = CodePointSet.unicodeClass(name).orElseThrow(() -> new Refusal(
                "unknown Unicode class: " + pattern.substring(start, at) + " (general categories such as L or Lu, scripts such as Greek)"));
        CodePointSet meant = foldCase ? named.folded() : named; // RE2 folds, then negates
        return negated ? meant.complement() : meant;
    }

    /** {@code \d}, {@code \s}, {@code \w} and their negations, folded first when case is folded (as RE2 does). */
    private CodePointSet perlClass(int c) {
        CodePointSet set = switch (Character.toLowerCase(c)) {
            case 'd' -> DIGIT;
            case 's' -> SPACE;
            default -> WORD;
        };
        CodePointSet meant = foldCase ? set.folded() : set;
        return Character.isUpperCase(c) ? meant.complement() : meant;
    }

    private Piece characterClass() {
        int start = at;
        at++;
        boolean negated = next('^');
        if (negated) {
            at++;
        }
        CodePointSet set = CodePointSet.EMPTY;
        boolean rewrite = foldCase;
        boolean first = true;
        while (first || !next(']')) {
            if (!more()) {
                throw new Refusal("missing closing ]: " + pattern.substring(start));
            }
            first = false;
            if (pattern.startsWith("[:", at) && pattern.indexOf(":]", at + 2) > 0) {
                int close = pattern.indexOf(":]", at + 2);
                set = set.union(posixClass(pattern.substring(at + 2, close), pattern.substring(at, close + 2)));
                at = close + 2;
                continue;
            }
            if (next('\\') && at + 1 < pattern.length() && "pPdDsSwW".indexOf(pattern.charAt(at + 1)) >= 0) {
                int escape = at;
                at++;
                int c = codePoint();
                if (c == 'p' || c == 'P') {
                    rewrite = true;
                    set = set.union(unicodeClass(c == 'P', escape)); // folded already: folding the class again keeps it
                } else {
                    set = set.union(perlClass(c));
                }
                continue;
            }
            int lo = classCharacter();
            int hi = lo;
            if (next('-') && at + 1 < pattern.length() && pattern.charAt(at + 1) != ']') {
                at++;
                hi = classCharacter();
                if (hi < lo) {
                    throw new Refusal("invalid character class range: " + Character.toString(lo) + "-" + Character.toString(hi));
                }
            }
            set = set.union(CodePointSet.of(lo, hi));
        }
        at++;
        CodePointSet meant = foldCase ? set.folded() : set; // RE2 folds, then negates
        meant = negated ? meant.complement() : meant;
        out.append(rewrite ? classText(meant) : pattern.substring(start, at));
        portable.append(escaped(pattern.substring(start, at)));
        return set(meant);
    }

    private int classCharacter() {
        int start = at;
        int c = codePoint();
        if (c != '\\') {
            return c;
        }
        int escaped = codePoint();
        if (escaped == 'Q' || escaped == 'E' || escaped == 'b' || escaped == 'B' || escaped == 'A' || escaped == 'z') {
            throw new Refusal("invalid escape sequence in a class: " + pattern.substring(start, at));
        }
        return escapedCharacter(escaped, start);
    }

    /** {@code [:alpha:]} or {@code [:^alpha:]} inside a class, folded first when case is folded (as RE2 does). */
    private CodePointSet posixClass(String name, String written) {
        boolean negated = name.startsWith("^");
        CodePointSet set = switch (negated ? name.substring(1) : name) {
            case "alnum" -> CodePointSet.of('0', '9', 'A', 'Z', 'a', 'z');
            case "alpha" -> CodePointSet.of('A', 'Z', 'a', 'z');
            case "ascii" -> CodePointSet.of(0, 0x7F);
            case "blank" -> CodePointSet.of('\t', '\t', ' ', ' ');
            case "cntrl" -> CodePointSet.of(0, 0x1F, 0x7F, 0x7F);
            case "digit" -> DIGIT;
            case "graph" -> CodePointSet.of('!', '~');
            case "lower" -> CodePointSet.of('a', 'z');
            case "print" -> CodePointSet.of(' ', '~');
            case "punct" -> CodePointSet.of('!', '/', ':', '@', '[', '`', '{', '~');
            case "space" -> CodePointSet.of('\t', '\r', ' ', ' ');
            case "upper" -> CodePointSet.of('A', 'Z');
            case "word" -> WORD;
            case "xdigit" -> CodePointSet.of('0', '9', 'A', 'F', 'a', 'f');
            default -> throw new Refusal("invalid character class range: " + written);
        };
        CodePointSet meant = foldCase ? set.folded() : set;
        return negated ? meant.complement() : meant;
    }

    /**
     * A literal character, written as {@code source} (null inside {@code \Q…\E}) or, when case is folded, for
     * RE2/J as the class of its cases.
     */
    private Piece literal(int c, String source) {
        portable.append(source != null && c < 0x80 ? source : c < 0x80 && Character.isLetterOrDigit(c)
                ? Character.toString(c) : "\\x{" + Integer.toHexString(c) + "}");
        CodePointSet cases = foldCase ? CodePointSet.of(c, c).folded() : CodePointSet.of(c, c);
        if (cases.bounds().length == 2 && cases.bounds()[0] == cases.bounds()[1]) {
            out.append(source != null ? source : "\\x{" + Integer.toHexString(c) + "}");
            return new Piece(Character.toString(c).getBytes(StandardCharsets.UTF_8).length, 1, 1);
        }
        out.append(classText(cases));
        return set(cases);
    }

    /** The same text for RE2/J and the stores. */
    private void both(String text) {
        out.append(text);
        portable.append(text);
    }

    /** The pattern from {@code start} to the cursor as it is for RE2/J, and with characters outside ASCII escaped for the stores. */
    private void keep(int start) {
        out.append(pattern, start, at);
        portable.append(escaped(pattern.substring(start, at)));
    }

    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x80) {
                escaped.append((char) c);
            } else {
                escaped.append("\\x{").append(Integer.toHexString(c)).append('}');
            }
        });
        return escaped.toString();
    }

    private static String classText(CodePointSet set) {
        return set.rangeCount() == 0 ? NOTHING : "[" + set.classText() + "]";
    }

    private static Piece set(CodePointSet set) {
        return new Piece(set.utf8Instructions(), 1, 1);
    }
}
