package io.tally.domain.query;

import io.tally.domain.validation.ViolationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * {@code matches} patterns mean what they mean in DuckDB and ClickHouse (RE2), are evaluated in linear time, and a
 * pattern either store would refuse is refused here with the reason. The stores' answers on these patterns are
 * checked by the engine contract ({@code PatternCases}); the numbers below were worked out by hand.
 */
class FilterPatternTest {

    private static boolean found(String pattern, String value) {
        return FilterPattern.of(pattern).foundIn(value);
    }

    private static FilterPattern.Checked.Refused refused(String pattern) {
        FilterPattern.Checked checked = FilterPattern.check(pattern);
        assertThat(checked).as(pattern).isInstanceOf(FilterPattern.Checked.Refused.class);
        return (FilterPattern.Checked.Refused) checked;
    }

    @Test
    void a_pattern_is_found_anywhere_in_the_value() {
        assertThat(found("doc", "/docs/intro")).isTrue();
        assertThat(found("^doc", "/docs/intro")).isFalse();
        assertThat(found("^/(docs|blog)(/.*)?$", "/blog/x")).isTrue();
    }

    @Test
    void the_end_of_the_text_is_not_before_a_final_newline() {
        assertThat(found("abc$", "abc\n")).isFalse(); // java.util.regex: true
        assertThat(found("(?m)abc$", "abc\n")).isTrue();
    }

    @Test
    void a_dot_matches_a_carriage_return_but_not_a_newline() {
        assertThat(found("a.b", "a\rb")).isTrue(); // java.util.regex: false
        assertThat(found("a.b", "a\nb")).isFalse(); // ClickHouse's match as it is: true
        assertThat(found("(?s)a.b", "a\nb")).isTrue();
    }

    @Test
    void posix_classes_and_perl_classes_are_re2s() {
        assertThat(found("[[:alpha:]]", ":")).isFalse(); // java.util.regex reads the class [:alph]
        assertThat(found("^[[:alpha:]]+$", "Tally")).isTrue();
        assertThat(found("\\s", "\u000B")).isFalse(); // java.util.regex: \s has the vertical tab
        assertThat(found("\\w", "é")).isFalse();
    }

    @Test
    void case_is_folded_as_unicode_folds_it() {
        assertThat(found("(?i)k", "\u212A")).isTrue(); // the Kelvin sign; java.util.regex (?i) is ASCII only
        assertThat(found("(?i)^\u00E9$", "\u00C9")).isTrue();
        assertThat(found("(?i)^i$", "\u0130")).isFalse(); // Turkish İ folds with i only in Turkish
        assertThat(found("(?i)^[^k]$", "\u212A")).isFalse();
        assertThat(found("(?i)\\W", "\u212A")).isFalse();
        assertThat(found("(?i)[[:upper:]]", "a")).isTrue();
        assertThat(found("(?i:K)k", "kK")).isFalse();
        assertThat(found("(?i:K)k", "Kk")).isTrue();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void case_folding_of_letters_newer_than_re2j_does_not_hang() {
        // RE2/J's own folding loops forever on U+1C80 (its tables predate it; the JDK's do not)
        assertThat(found("(?i)^\u1C80$", "\u0432")).isTrue();
        assertThat(found("(?i)^[\\x{100}-\\x{2000}]$", "\u0432")).isTrue();
    }

    @Test
    void unicode_classes_use_todays_tables() {
        assertThat(found("^\\p{L}$", "\u08A1")).isTrue(); // a letter since Unicode 7: RE2/J's own tables (6.0) say no
        assertThat(found("\\p{So}", "\uD83E\uDD23")).isTrue(); // an emoji of Unicode 9
        assertThat(found("^\\p{Greek}+$", "αβγ")).isTrue();
        assertThat(found("^\\PL$", "1")).isTrue();
        assertThat(found("^[^\\P{L}]$", "é")).isTrue();
        assertThat(found("(?i)^\\p{Lu}$", "a")).isTrue();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_pattern_that_backtracks_for_minutes_in_java_is_linear_here() {
        // java.util.regex takes about 5 s for 26 a's and twice as long for each a more: 40 would be hours
        String value = "a".repeat(40) + "!";
        assertThat(found("(a{1,30}){1,30}$", value)).isFalse();
        assertThat(found("(a{1,30}){1,30}$", "a".repeat(40))).isTrue();
    }

    static Stream<Arguments> refusedByTheStores() {
        return Stream.of(
                argumentSet("possessive", "a++"),
                argumentSet("atomic group", "(?>a)"),
                argumentSet("Java class", "\\p{javaLowerCase}"),
                argumentSet("\\Z", "\\Z"),
                argumentSet("look-ahead", "a(?=b)"),
                argumentSet("look-behind", "(?<=a)b"),
                argumentSet("back-reference", "(a)\\1"),
                argumentSet("comment", "(?#note)a"),
                argumentSet("x flag", "(?x) a b"),
                argumentSet("\\u escape", "\\u0041"),
                argumentSet("\\h", "\\h"),
                argumentSet("nested repetition", "a**"),
                argumentSet("unclosed group", "(a|b"),
                argumentSet("unopened group", "a)"),
                argumentSet("unclosed class", "[a"),
                argumentSet("reversed range", "[z-a]"),
                argumentSet("unknown POSIX class", "[[:foo:]]"),
                argumentSet("count over 1000", "a{1001}"),
                argumentSet("counts multiplying past 1000", "(a{1,40}){1,40}"),
                argumentSet("named group DuckDB cannot read", "(?<name>a)"),
                argumentSet("escaped non-ASCII", "\\é"),
                argumentSet("escaped non-ASCII in a class", "[\\é]"),
                argumentSet("too large for RE2", "\\pL{500}"),
                argumentSet("Unicode class RE2 does not know", "\\p{Latn}"));
    }

    @ParameterizedTest
    @MethodSource("refusedByTheStores")
    void what_a_store_refuses_is_refused_with_a_reason(String pattern) {
        FilterPattern.Checked.Refused refused = refused(pattern);
        assertThat(refused.kind()).isIn(ViolationKind.MALFORMED, ViolationKind.UNSUPPORTED, ViolationKind.TOO_LARGE);
        assertThat(refused.reason()).isNotBlank();
        assertThatThrownBy(() -> FilterPattern.of(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_repetition_that_would_fill_the_heap_is_refused_before_it_is_compiled() {
        // RE2/J expands ((a{1000}){1000}){1000} into a billion instructions: an OutOfMemoryError
        assertThat(refused("((a{1000}){1000}){1000}").kind()).isEqualTo(ViolationKind.TOO_LARGE);
        assertThat(refused("(a{1000}){2}").kind()).isEqualTo(ViolationKind.TOO_LARGE);
    }

    @Test
    void patterns_are_bounded_in_length_and_in_instructions() {
        assertThat(refused("a".repeat(FilterPattern.MAX_LENGTH + 1)).kind()).isEqualTo(ViolationKind.TOO_LONG);
        assertThat(FilterPattern.check("a".repeat(FilterPattern.MAX_LENGTH))).isInstanceOf(FilterPattern.Checked.Valid.class);
        assertThat(refused("a{0,1000}").kind()).isEqualTo(ViolationKind.TOO_LARGE); // 2,002 instructions
        assertThat(FilterPattern.of("(a{1,30}){1,30}$").instructions()).isBetween(1_000, FilterPattern.MAX_INSTRUCTIONS);
        assertThat(FilterPattern.of("^\\pL{1,64}$").instructions()).isLessThan(FilterPattern.MAX_INSTRUCTIONS);
    }

    @Test
    void unicode_classes_are_bounded_in_number() {
        // each is spelled out for RE2/J, whose parser takes time growing with the square of the pattern's length
        assertThat(FilterPattern.check("\\pL".repeat(3))).isInstanceOf(FilterPattern.Checked.Valid.class);
        assertThat(refused("\\pL".repeat(4)).kind()).isEqualTo(ViolationKind.TOO_LARGE);
        assertThat(FilterPattern.check("(?i)^[\\pL\\pN][\\pL\\pN_ -]{1,63}$")).isInstanceOf(FilterPattern.Checked.Valid.class);
    }

    @Test
    void text_that_is_not_valid_unicode_or_holds_nul_is_refused() {
        assertThat(refused("a\u0000b").reason()).contains("NUL");
        assertThat(refused("a\uD800").reason()).contains("Unicode");
        assertThat(refused("\uDC00a").reason()).contains("Unicode");
        assertThat(found("^\uD83E\uDD23$", "\uD83E\uDD23")).isTrue();
    }

    @Test
    void the_stores_get_re2s_defaults_and_ascii() {
        // ClickHouse's match lets . match a newline unless told, and reads é? as a repetition of é's last byte
        assertThat(FilterPattern.of("^café?$").portable()).isEqualTo("(?-s)^caf\\x{e9}?$");
        assertThat(FilterPattern.of("[é-ë]\\Q.é\\E(?i)k\\pL").portable())
                .isEqualTo("(?-s)[\\x{e9}-\\x{eb}]\\x{2e}\\x{e9}(?i)k\\pL");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void any_text_is_answered_quickly_with_a_pattern_or_a_reason() {
        String[] pieces = {"(", ")", "(?", "(?i)", "(?P<n>", "(?<n>", "[", "]", "[^", "{", "}", "{2}", "{1,3}", "{,2}", "{1000}",
            "*", "+", "?", "|", "\\", "\\p{L}", "\\pL", "\\p", "\\x{", "\\x4", "\\Q", "\\E", "\\z", "\\1", "\\0", "a", "k", "é",
            "-", ":", "[:alpha:]", "[:", ":]", "^", "$", ".", "\\d", "\\é", "\\]", "(?-", "(?s:", "\uD800", "😀"};
        Random random = new Random(18);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder pattern = new StringBuilder();
            for (int n = 1 + random.nextInt(10); n > 0; n--) {
                pattern.append(pieces[random.nextInt(pieces.length)]);
            }
            FilterPattern.Checked checked = FilterPattern.check(pattern.toString());
            if (checked instanceof FilterPattern.Checked.Valid valid) {
                valid.pattern().foundIn("ak é 😀");
            } else {
                assertThat(((FilterPattern.Checked.Refused) checked).reason()).as(pattern.toString()).isNotBlank();
            }
        }
    }
}
