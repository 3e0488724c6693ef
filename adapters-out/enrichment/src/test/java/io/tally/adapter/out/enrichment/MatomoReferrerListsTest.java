package io.tally.adapter.out.enrichment;

import io.tally.domain.acquisition.Acquisition;
import io.tally.domain.acquisition.KnownSource;
import io.tally.domain.acquisition.Referrer;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.acquisition.SourceCategory;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.PropertyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped lists, with every expectation read from the YAML files by hand (names as the lists spell them). */
class MatomoReferrerListsTest {

    private static final ReferrerDirectory LISTS = Enrichers.referrers();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // SearchEngines.yml, Google: google.com, 'google.{}'
            "https://www.google.de/search?q=x                    | Google          | SEARCH",
            "https://www.google.co.uk/                           | Google          | SEARCH",
            "https://www.google.com.br/                          | Google          | SEARCH",
            // Google's app entry com.google.android.googlequicksearchbox (the android-app//… path form is skipped)
            "android-app://com.google.android.googlequicksearchbox/https/www.google.com | Google | SEARCH",
            // Google Images: 'images.google.{}', 'google.{}/imgres'
            "https://images.google.de/                           | Google Images   | SEARCH",
            "https://www.google.com/imgres?imgurl=x              | Google Images   | SEARCH",
            "https://duckduckgo.com/                             | DuckDuckGo      | SEARCH",
            // Bing: '{}.bing.com'; Bing Images: bing.com/images/search
            "https://cn.bing.com/search?q=x                      | Bing            | SEARCH",
            "https://www.bing.com/images/search?q=cat            | Bing Images     | SEARCH",
            // Yahoo!: '{}.search.yahoo.com'; Yandex: 'yandex.{}'
            "https://de.search.yahoo.com/search?p=x              | Yahoo!          | SEARCH",
            "https://yandex.com.tr/search/?text=x                | Yandex          | SEARCH",
            // a name outside ASCII: Cốc Cốc, coccoc.com
            "https://coccoc.com/search?query=x                   | Cốc Cốc         | SEARCH",
            // Socials.yml
            "https://m.facebook.com/                             | Facebook        | SOCIAL",
            "https://l.facebook.com/l.php?u=x                    | Facebook        | SOCIAL",
            // www.facebook.com is a search engine in SearchEngines.yml too: the social network comes first
            "https://www.facebook.com/                           | Facebook        | SOCIAL",
            "https://news.ycombinator.com/item?id=1              | Hacker News     | SOCIAL",
            // Twitter: twitter.com, t.co, x.com (no entry is named X)
            "https://x.com/home                                  | Twitter         | SOCIAL",
            "https://t.co/abc                                    | Twitter         | SOCIAL",
            // Google%2B: plus.google.com
            "https://plus.google.com/                            | Google+         | SOCIAL",
            "android-app://com.reddit.frontpage/                 | reddit          | SOCIAL",
            "https://www.youtube.com/watch?v=x                   | YouTube         | SOCIAL",
            // AIAssistants.yml, before both other lists
            "https://chatgpt.com/                                | ChatGPT         | AI_ASSISTANT",
            "https://www.perplexity.ai/search/x                  | Perplexity      | AI_ASSISTANT",
            "https://gemini.google.com/app                       | Gemini          | AI_ASSISTANT",
            "https://x.com/i/grok                                | Grok            | AI_ASSISTANT",
            "https://duck.ai/                                    | Duck.ai         | AI_ASSISTANT"})
    void knows_the_well_known_sources(String referrer, String name, SourceCategory category) {
        assertThat(LISTS.find(Referrer.parse(referrer))).contains(new KnownSource(name, category));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/", "https://google.blogspot.com/", "https://yahoo.com/",
            "android-app://com.google.android.gm/", "https://mail.google.com/mail/u/0", "https://edition.cnn.com/world",
            "https://docs.google.com/document/d/1"}) // the lists name google.com and cnn.com as search engines: no parent walk there
    void does_not_know_other_sites(String referrer) {
        assertThat(LISTS.find(Referrer.parse(referrer))).isEmpty();
    }

    @Test
    void names_sources_as_the_lists_spell_them_with_url_escapes_decoded() {
        assertThat(LISTS.named("google")).contains(new KnownSource("Google", SourceCategory.SEARCH));
        assertThat(LISTS.named("Google+")).contains(new KnownSource("Google+", SourceCategory.SOCIAL));
        assertThat(LISTS.named("facebook")).contains(new KnownSource("Facebook", SourceCategory.SOCIAL));
        assertThat(LISTS.named("chatgpt")).contains(new KnownSource("ChatGPT", SourceCategory.AI_ASSISTANT));
        assertThat(LISTS.named("twitter")).contains(new KnownSource("Twitter", SourceCategory.SOCIAL));
        assertThat(LISTS.named("Google%2B")).isEmpty();
        assertThat(LISTS.named("x")).isEmpty();
    }

    @Test
    void holds_the_hundreds_of_hosts_the_lists_name_and_is_read_once() {
        // 19 assistants, 91 social networks and 297 search engines name 907 hosts; 887 after www. and repeats
        assertThat(LISTS.size()).isGreaterThan(800);
        assertThat(Enrichers.referrers()).isSameAs(LISTS);
    }

    private static Optional<Enrichment.Origin> origin(Map<String, String> properties) {
        Map<String, PropertyValue> values = new HashMap<>();
        properties.forEach((key, value) -> values.put(key, PropertyValue.of(value)));
        return Acquisition.of(values, LISTS);
    }

    private static Optional<Enrichment.Origin> expected(String source, String channel) {
        return Optional.of(new Enrichment.Origin(source, channel));
    }

    @Test
    void gives_events_their_source_and_channel_with_the_real_lists() {
        assertThat(origin(Map.of("referrer", "https://www.google.de/search?q=tally"))).isEqualTo(expected("Google", "Organic Search"));
        assertThat(origin(Map.of("referrer", "https://news.ycombinator.com/item?id=1")))
                .isEqualTo(expected("Hacker News", "Organic Social"));
        assertThat(origin(Map.of("referrer", "https://chatgpt.com/"))).isEqualTo(expected("ChatGPT", "AI Assistants"));
        assertThat(origin(Map.of("utm_source", "chatgpt.com"))).isEqualTo(expected("ChatGPT", "AI Assistants"));
        assertThat(origin(Map.of("utm_source", "google", "utm_medium", "cpc"))).isEqualTo(expected("Google", "Paid Search"));
        assertThat(origin(Map.of("utm_source", "facebook", "utm_medium", "paid_social")))
                .isEqualTo(expected("Facebook", "Paid Social"));
        assertThat(origin(Map.of("utm_source", "newsletter", "utm_medium", "email"))).isEqualTo(expected("newsletter", "Email"));
        assertThat(origin(Map.of("referrer", "https://example.org/a"))).isEqualTo(expected("example.org", "Referral"));
        assertThat(origin(Map.of("path", "/pricing"))).isEmpty();
        assertThat(origin(Map.of())).isEmpty();
    }

    // the lists as a test gives them: the shipped files, but for the ones replaced (null: missing)

    private static ReferrerDirectory load(Map<String, String> replaced) {
        return MatomoReferrerLists.load(file -> {
            if (!replaced.containsKey(file)) {
                return MatomoReferrerLists.class.getResourceAsStream("referrers/" + file);
            }
            String text = replaced.get(file);
            return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        });
    }

    private static Map<String, String> replacing(String file, String text) {
        Map<String, String> replaced = new HashMap<>();
        replaced.put(file, text);
        return replaced;
    }

    @ParameterizedTest
    @ValueSource(strings = {MatomoReferrerLists.AI_ASSISTANTS, MatomoReferrerLists.SOCIALS, MatomoReferrerLists.SEARCH_ENGINES})
    void a_missing_list_fails_naming_it(String file) {
        assertThatThrownBy(() -> load(replacing(file, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file).hasMessageContaining("missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AIAssistants.yml  | ''",
            "AIAssistants.yml  | '# nothing but a comment'",
            "AIAssistants.yml  | 'Foo: [unclosed'",
            "AIAssistants.yml  | '- a list\n- not a map'",
            "Socials.yml       | 'Foo: bar.example'",
            "Socials.yml       | 'Foo:'",
            "Socials.yml       | 'Foo: []'",
            "Socials.yml       | 'Foo:\n  - [nested]'",
            "Socials.yml       | 'Foo: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]'",
            "SearchEngines.yml | 'Foo:\n  - urls: foo.example'",
            "SearchEngines.yml | 'Foo:\n  - params: [q]'",
            "SearchEngines.yml | 'Foo:\n  urls: [foo.example]'",
            "SearchEngines.yml | 'Foo:\n  - foo.example'"})
    void a_malformed_list_fails_naming_it(String file, String text) {
        assertThatThrownBy(() -> load(replacing(file, text)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file).hasMessageContaining("malformed");
    }

    @Test
    void every_scalar_is_text_and_app_paths_are_skipped() {
        ReferrerDirectory directory = load(Map.of(MatomoReferrerLists.AI_ASSISTANTS, """
                On:
                  - on.example
                1.5:
                  - 15.example
                  - android-app//org.example.app/https/example.org
                "Caf%C3%A9%2B":
                  - cafe.example
                """));
        assertThat(directory.find(Referrer.parse("https://on.example/"))).contains(new KnownSource("On", SourceCategory.AI_ASSISTANT));
        assertThat(directory.find(Referrer.parse("15.example"))).contains(new KnownSource("1.5", SourceCategory.AI_ASSISTANT));
        assertThat(directory.find(Referrer.parse("cafe.example"))).contains(new KnownSource("Café+", SourceCategory.AI_ASSISTANT));
        assertThat(directory.find(Referrer.parse("android-app://org.example.app/https/example.org"))).isEmpty();
        // the shipped list's 25 hosts give way to these 3, but 4 of them are search engines too and stay, as such
        assertThat(directory.size()).isEqualTo(LISTS.size() - 25 + 3 + 4);
        assertThat(directory.find(Referrer.parse("https://chatgpt.com/"))).contains(new KnownSource("ChatGPT", SourceCategory.SEARCH));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Google%2B      | Google+",
            "A+B            | A+B",
            "Caf%c3%a9      | Café",
            "Cốc%20Cốc      | Cốc Cốc",
            "100%           | 100%",
            "%2             | %2",
            "%zz%41         | %zzA",
            "Hacker News    | Hacker News"})
    void decodes_percent_escapes_only(String name, String decoded) {
        assertThat(MatomoReferrerLists.decodeEscapes(name)).isEqualTo(decoded);
    }
}
