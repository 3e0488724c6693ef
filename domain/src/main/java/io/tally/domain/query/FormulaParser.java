package io.tally.domain.query;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses a formula such as {@code conversions / visitors * 100} (a KPI's, over built-in metric names) or
 * {@code B / A * 100} (a trend's, over its series' letters): numbers, names, {@code + - * /}, unary minus and
 * parentheses, with the usual precedence. Anything else is a violation naming the position, reported on
 * {@code field}.
 *
 * @param <V> what a name stands for
 */
public final class FormulaParser<V> {

    /** Longer formulas are refused; a KPI is a ratio, not a program. */
    public static final int MAX_LENGTH = 500;

    private final String text;
    private final Function<String, Optional<V>> names;
    private final String nameKind;
    private final String known;
    private int position;

    private FormulaParser(String text, Function<String, Optional<V>> names, String nameKind, String known) {
        this.text = text;
        this.names = names;
        this.nameKind = nameKind;
        this.known = known;
    }

    /** A KPI's formula, over built-in metric names. */
    public static Validated<Formula<Metric>> parse(String text, String field) {
        return parse(text, field, Metric::fromLabel, "metric", metricNames());
    }

    /**
     * A formula whose names {@code names} resolves; an unknown one is refused as an unknown {@code nameKind}, saying
     * that a formula may use {@code known}.
     */
    public static <V> Validated<Formula<V>> parse(String text, String field, Function<String, Optional<V>> names,
                                                  String nameKind, String known) {
        if (text.length() > MAX_LENGTH) {
            return invalid(field, ViolationKind.TOO_LONG, "a formula has at most " + MAX_LENGTH + " characters");
        }
        FormulaParser<V> parser = new FormulaParser<>(text, names, nameKind, known);
        try {
            Formula<V> formula = parser.sum(0);
            parser.skipSpaces();
            if (parser.position < text.length()) {
                throw parser.error("unexpected '" + text.charAt(parser.position) + "'");
            }
            return new Validated.Valid<>(formula);
        } catch (SyntaxError e) {
            return invalid(field, e.kind, e.getMessage());
        }
    }

    private static <V> Validated<Formula<V>> invalid(String field, ViolationKind kind, String message) {
        return new Validated.Invalid<>(List.of(new Violation(field, kind, message)));
    }

    private static final class SyntaxError extends RuntimeException {
        final ViolationKind kind;

        SyntaxError(ViolationKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    private SyntaxError error(String message) {
        return new SyntaxError(ViolationKind.MALFORMED, message + " at position " + (position + 1));
    }

    private Formula<V> sum(int depth) {
        Formula<V> left = product(depth);
        while (true) {
            skipSpaces();
            if (accept('+')) {
                left = new Formula.Binary<>(Formula.Operator.ADD, left, product(depth));
            } else if (accept('-')) {
                left = new Formula.Binary<>(Formula.Operator.SUBTRACT, left, product(depth));
            } else {
                return left;
            }
        }
    }

    private Formula<V> product(int depth) {
        Formula<V> left = unary(depth);
        while (true) {
            skipSpaces();
            if (accept('*')) {
                left = new Formula.Binary<>(Formula.Operator.MULTIPLY, left, unary(depth));
            } else if (accept('/')) {
                left = new Formula.Binary<>(Formula.Operator.DIVIDE, left, unary(depth));
            } else {
                return left;
            }
        }
    }

    private Formula<V> unary(int depth) {
        skipSpaces();
        if (accept('-')) {
            return new Formula.Negate<>(unary(depth));
        }
        return atom(depth);
    }

    private Formula<V> atom(int depth) {
        skipSpaces();
        if (position >= text.length()) {
            throw error("the formula ends where a number, metric or '(' was expected");
        }
        char c = text.charAt(position);
        if (c == '(') {
            if (depth >= 20) {
                throw error("parentheses nest too deep");
            }
            position++;
            Formula<V> inner = sum(depth + 1);
            skipSpaces();
            if (!accept(')')) {
                throw error("missing ')'");
            }
            return inner;
        }
        if (Character.isDigit(c) || c == '.') {
            int start = position;
            while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            try {
                return new Formula.Constant<>(Double.parseDouble(text.substring(start, position)));
            } catch (NumberFormatException e) {
                position = start;
                throw error("malformed number");
            }
        }
        if (Character.isLetter(c)) {
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            String name = text.substring(start, position);
            return names.apply(name).<Formula<V>>map(Formula.Variable::new).orElseThrow(() -> {
                position = start;
                return new SyntaxError(ViolationKind.UNSUPPORTED, "unknown " + nameKind + " '" + name + "' at position "
                        + (start + 1) + "; a formula may use " + known);
            });
        }
        throw error("unexpected '" + c + "'");
    }

    private static String metricNames() {
        StringBuilder names = new StringBuilder();
        for (Metric metric : Metric.values()) {
            names.append(names.isEmpty() ? "" : ", ").append(metric.label());
        }
        return names.toString();
    }

    private boolean accept(char c) {
        if (position < text.length() && text.charAt(position) == c) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
