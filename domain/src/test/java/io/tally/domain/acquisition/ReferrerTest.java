package io.tally.domain.acquisition;

import io.tally.domain.Hostile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ReferrerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://www.google.de/search?q=x                | google.de              | /search",
            "http://news.ycombinator.com/item?id=1           | news.ycombinator.com   | /item",
            "https://www.google.de:443/search                | google.de              | /search",
            "http://localhost:8080                           | localhost              | ''",
            "https://user:secret@shop.example.org/cart       | shop.example.org       | /cart",
            "https://a@b@example.org/                        | example.org            | /",
            "news.ycombinator.com                            | news.ycombinator.com   | ''",
            "www.example.org/a/b                             | example.org            | /a/b",
            "//cdn.example.org/x.js                          | cdn.example.org        | /x.js",
            "https://google.com./                            | google.com             | /",
            "https://google.com..:80/                        | google.com             | /",
            "HTTPS://WWW.Google.CO.UK/Search                 | google.co.uk           | /Search",
            "https://example.org#top                         | example.org            | ''",
            "https://example.org?x=1#top                     | example.org            | ''",
            "https://example.org/a?b=/c#d                    | example.org            | /a",
            "'  https://example.org/a  '                     | example.org            | /a",
            "android-app://com.google.android.gm/            | com.google.android.gm  | /",
            "android-app://com.google.android.googlequicksearchbox/https/www.google.com | com.google.android.googlequicksearchbox | /https/www.google.com",
            "https://wwwgoogle.com/                          | wwwgoogle.com          | /",
            "https://www.www.example.org/                    | www.example.org        | /",
            "https://[2001:db8::1]:8443/x                    | [2001:db8::1]          | /x",
            "https://bücher.de/                              | bücher.de              | /"})
    void reads_the_host_and_path(String text, String host, String path) {
        assertThat(Referrer.parse(text)).isEqualTo(new Referrer(host, path));
    }

    /** A URL inside a bare referrer's query is not its scheme: the host is the one before it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "example.org/go?to=https://google.com  | example.org",
            "example.org/https://google.com        | example.org",
            "t.co/x#https://google.com             | t.co"})
    void a_url_in_the_path_or_query_is_not_the_host(String text, String host) {
        assertThat(Referrer.parse(text).host()).isEqualTo(host);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n", "/", "/path/only", "?q=1", "#x", "https://", "https:///path", "//", "http://@/",
            "http://:80/", "https://.", "...", "not a url", "a..b", ".example.org", "https://exa mple.org/",
            "<script>alert(1)</script>", "https://[::1/", "https://[]/", "' OR 1=1 --", "\u0000", "\uD800"})
    void reads_no_referrer_from_text_without_a_host(String text) {
        assertThat(Referrer.parse(text)).isNull();
    }

    @Property(tries = 2_000)
    void never_throws_and_any_host_it_reads_is_lower_case_without_port_or_trailing_dot(@ForAll("texts") String text) {
        Referrer referrer = Referrer.parse(text);
        if (referrer != null) {
            assertThat(referrer.host()).isNotEmpty().doesNotEndWith(".").doesNotContain("/", "?", "#", "@", " ");
            assertThat(referrer.host()).isEqualTo(referrer.host().toLowerCase(Locale.ROOT));
            assertThat(referrer.path()).satisfiesAnyOf(p -> assertThat(p).isEmpty(), p -> assertThat(p).startsWith("/"));
            assertThat(referrer.path()).doesNotContain("?", "#");
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> parts = Arbitraries.oneOf(Hostile.text(),
                Arbitraries.of("https://", "http://", "//", "://", "www.", "WWW.", "@", ":", ":443", ".", "/", "?", "#",
                        "[", "]", "::1", "google", "co.uk", "android-app://", " "));
        return parts.list().ofMaxSize(8).map(list -> String.join("", list));
    }
}
