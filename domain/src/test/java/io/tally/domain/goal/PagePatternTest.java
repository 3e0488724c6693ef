package io.tally.domain.goal;

import io.tally.domain.query.FilterPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A page pattern matches whole paths: {@code *} within a segment, {@code **} across them, every other character as itself. */
class PagePatternTest {

    private static boolean matches(String pattern, String path) {
        return FilterPattern.of(new PagePattern(pattern).regex()).foundIn(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/blog/*       | /blog/a            | true",
            "/blog/*       | /blog/             | true",
            "/blog/*       | /blog              | false",
            "/blog/*       | /blog/a/b          | false",
            "/blog/*       | /en/blog/a         | false",
            "/blog/**      | /blog/a/b          | true",
            "/blog/**      | /blog/             | true",
            "/blog/**      | /blog              | false",
            "/blog*        | /blog              | true",
            "/blog*        | /blog-news         | true",
            "/blog*        | /blog/a            | false",
            "/*/launch     | /blog/launch       | true",
            "/*/launch     | /launch            | false",
            "/**/launch    | /a/b/launch        | true",
            "/pricing      | /pricing           | true",
            "/pricing      | /pricing/          | false",
            "/pricing      | /en/pricing        | false",
            "/a+b(1).html  | /a+b(1).html       | true",
            "/a+b(1).html  | /aab1xhtml         | false",
            "/a.b          | /axb               | false",
            "/price$^x     | /price$^x          | true",
            "/[ab]{2}      | /[ab]{2}           | true",
            "/[ab]{2}      | /aa                | false",
            "/caf\u00e9/*  | /caf\u00e9/menu    | true",
            "/a b/*        | /a b/c             | true"})
    void matches_whole_paths_with_wildcards_and_literal_characters(String pattern, String path, boolean expected) {
        assertThat(matches(pattern, path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/***", "/a/***/b"})
    void refuses_empty_patterns_and_three_stars(String pattern) {
        assertThatThrownBy(() -> new PagePattern(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_patterns_longer_than_a_hundred_characters() {
        assertThat(new PagePattern("/" + "a".repeat(99)).regex()).startsWith("^/a");
        assertThatThrownBy(() -> new PagePattern("/" + "a".repeat(100))).isInstanceOf(IllegalArgumentException.class);
        // compiled, a pattern must fit a matches filter: a special character takes 2 characters there, a * 5
        assertThat(new PagePattern("/" + "(".repeat(99)).regex()).hasSize(2 + 1 + 2 * 99);
        assertThat(new PagePattern("/*".repeat(42)).regex()).hasSize(2 + 42 * 6);
        assertThatThrownBy(() -> new PagePattern("/*".repeat(43))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too many wildcards");
    }
}
