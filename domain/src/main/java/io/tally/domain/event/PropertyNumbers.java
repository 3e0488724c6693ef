package io.tally.domain.event;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * What a numeric property may be: at most {@value #DIGITS} significant digits, less than 10^15 either way and at most
 * {@value #DIGITS} decimals. Both stores read JSON numbers as doubles when they filter, group or compare, and a double
 * holds exactly the numbers of 15 significant digits: within these bounds every engine sees the number that was sent
 * and all of them agree. Beyond them (1e400, 2^53 + 1, 1e-400) the stores parted ways, a stored 1e10000 could not be
 * written back out, and the number's text outgrew every size limit; such values are refused, naming the property, and
 * can be sent as strings. Revenue has its own rule ({@link Revenue}): it is summed from its exact text.
 */
public final class PropertyNumbers {

    /** Significant digits, and decimals, a numeric property may have. */
    public static final int DIGITS = 15;
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(DIGITS);

    private PropertyNumbers() {
    }

    /** A number as decoded (Integer, Long, BigInteger, BigDecimal, Double, …) as an exact decimal, trailing zeros off. */
    static BigDecimal exact(Number number) {
        return switch (number) {
            case BigDecimal d -> d.stripTrailingZeros();
            case BigInteger i -> new BigDecimal(i).stripTrailingZeros();
            case Integer i -> BigDecimal.valueOf(i).stripTrailingZeros();
            case Long l -> BigDecimal.valueOf(l).stripTrailingZeros();
            default -> new BigDecimal(number.toString()).stripTrailingZeros();
        };
    }

    /** Why {@code value} cannot be a numeric property, if it cannot. */
    static Optional<String> problem(BigDecimal value) {
        if (value.signum() == 0) {
            return Optional.empty();
        }
        if (value.precision() > DIGITS || value.scale() > DIGITS || value.abs().compareTo(LIMIT) >= 0) {
            return Optional.of("numbers have at most " + DIGITS + " significant digits, at most " + DIGITS
                    + " decimals and are less than 10^" + DIGITS + " either way (what both stores hold exactly); "
                    + "send other values as strings");
        }
        return Optional.empty();
    }
}
