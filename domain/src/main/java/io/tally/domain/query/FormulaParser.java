package io.tally.domain.query;

import io.tally.domain.validation.Validated;
import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.util.List;

/**
 * Parses a KPI formula such as {@code conversions / visitors * 100}: numbers, built-in metric names,
 * {@code + - * /}, unary minus and parentheses, with the usual precedence. Anything else is a violation
 * naming the position, reported on {@code field}.
 */
public final class FormulaParser {

    /** Longer formulas are refused; a KPI is a ratio, not a program. */
    public static final int MAX_LENGTH = 500;

    private final String text;
    private final String field;
    private int position;

    private FormulaParser(String text, String field) {
        this.text = text;
        this.field = field;
    }

    public static Validated<Formula> parse(String text, String field) {
        if (text.length() > MAX_LENGTH) {
            return invalid(field, ViolationKind.TOO_LONG, "a formula has at most " + MAX_LENGTH + " characters");
        }
        FormulaParser parser = new FormulaParser(text, field);
        try {
            Formula formula = parser.sum(0);
            parser.skipSpaces();
            if (parser.position < text.length()) {
                throw parser.error("unexpected '" + text.charAt(parser.position) + "'");
            }
            return new Validated.Valid<>(formula);
        } catch (SyntaxError e) {
            return invalid(field, e.kind, e.getMessage());
        }
    }

    private static Validated<Formula> invalid(String field, ViolationKind kind, String message) {
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

    private Formula sum(int depth) {
        Formula left = product(depth);
        while (true) {
            skipSpaces();
            if (accept('+')) {
                left = new Formula.Binary(Formula.Operator.ADD, left, product(depth));
            } else if (accept('-')) {
                left = new Formula.Binary(Formula.Operator.SUBTRACT, left, product(depth));
            } else {
                return left;
            }
        }
    }

    private Formula product(int depth) {
        Formula left = unary(depth);
        while (true) {
            skipSpaces();
            if (accept('*')) {
                left = new Formula.Binary(Formula.Operator.MULTIPLY, left, unary(depth));
            } else if (accept('/')) {
                left = new Formula.Binary(Formula.Operator.DIVIDE, left, unary(depth));
            } else {
                return left;
            }
        }
    }

    private Formula unary(int depth) {
        skipSpaces();
        if (accept('-')) {
            return new Formula.Negate(unary(depth));
        }
        return atom(depth);
    }

    private Formula atom(int depth) {
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
            Formula inner = sum(depth + 1);
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
                return new Formula.Constant(Double.parseDouble(text.substring(start, position)));
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
            return Metric.fromLabel(name).<Formula>map(Formula.MetricValue::new).orElseThrow(() -> {
                position = start;
                return new SyntaxError(ViolationKind.UNSUPPORTED, "unknown metric '" + name + "' at position "
                        + (start + 1) + "; a formula may use " + metricNames());
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
