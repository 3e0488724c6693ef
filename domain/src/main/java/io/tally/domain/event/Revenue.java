package io.tally.domain.event;

import io.tally.domain.validation.Violation;
import io.tally.domain.validation.ViolationKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * What revenue is: the {@code revenue} property, a number of at most {@value #MAX_DIGITS} significant digits and
 * decimals, counted at {@value #SCALE} decimals (more are rounded half up, the property itself keeps every digit),
 * whose rounded amount lies strictly between -10^15 and 10^15. Sums are
 * exact: both stores add amounts in 38-digit decimals, so even 10^17 events at the largest amount fit. Ingest refuses
 * any other value with a violation naming {@code properties.revenue}; a value outside the range stored before this
 * rule counts for nothing, in every engine alike.
 */
public final class Revenue {

    public static final String PROPERTY = "revenue";
    public static final int SCALE = 6;
    /** The first amount too large, as its integer digits: 15 before the point. */
    public static final int INTEGER_DIGITS = 15;
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(INTEGER_DIGITS);
    /** Significant digits, and decimals, the property may carry: what a 38-digit decimal holds. */
    public static final int MAX_DIGITS = 38;

    private Revenue() {
    }

    /** The amount an event adds to revenue, if its property is one. */
    public static Optional<BigDecimal> amount(Map<String, PropertyValue> properties) {
        return properties.get(PROPERTY) instanceof PropertyValue.Numeric number ? counted(number.value()) : Optional.empty();
    }

    /** What is wrong with the event's revenue property, if anything (an event without one is fine). */
    public static Optional<Violation> violation(Map<String, PropertyValue> properties) {
        String field = "properties." + PROPERTY;
        return switch (properties.get(PROPERTY)) {
            case null -> Optional.empty();
            case PropertyValue.Numeric number when counted(number.value()).isEmpty() -> Optional.of(new Violation(field,
                    ViolationKind.OUT_OF_RANGE, "revenue is at most " + INTEGER_DIGITS + " digits before the point "
                    + "(less than 1000000000000000 either way after rounding to " + SCALE + " decimals) and at most "
                    + MAX_DIGITS + " digits in all"));
            case PropertyValue.Numeric number -> Optional.empty();
            default -> Optional.of(new Violation(field, ViolationKind.WRONG_TYPE, "must be a number: the amount summed as revenue"));
        };
    }

    private static Optional<BigDecimal> counted(BigDecimal value) {
        if (value.precision() - value.scale() > INTEGER_DIGITS + 1) {
            return Optional.empty(); // far too large: not worth rounding (1e400 would be a 400-digit number)
        }
        if (value.precision() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
            return Optional.empty(); // 1e-10000 rounds to 0, but its text is ten thousand digits long
        }
        BigDecimal rounded = value.setScale(SCALE, RoundingMode.HALF_UP);
        return rounded.abs().compareTo(LIMIT) < 0 ? Optional.of(rounded) : Optional.empty();
    }
}
