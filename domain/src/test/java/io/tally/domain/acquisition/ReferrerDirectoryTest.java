package io.tally.domain.acquisition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReferrerDirectoryTest {

    private static final KnownSource GEMINI = new KnownSource("Gemini", SourceCategory.AI_ASSISTANT);
    private static final KnownSource GROK = new KnownSource("Grok", SourceCategory.AI_ASSISTANT);
    private static final KnownSource CHATGPT = new KnownSource("ChatGPT", SourceCategory.AI_ASSISTANT);
    private static final KnownSource X = new KnownSource("X", SourceCategory.SOCIAL);
    private static final KnownSource FACEBOOK = new KnownSource("Facebook", SourceCategory.SOCIAL);
    private static final KnownSource HACKER_NEWS = new KnownSource("Hacker News", SourceCategory.SOCIAL);
    private static final KnownSource GOOGLE = new KnownSource("Google", SourceCategory.SEARCH);
    private static final KnownSource BING = new KnownSource("Bing", SourceCategory.SEARCH);
    private static final KnownSource BING_IMAGES = new KnownSource("Bing Images", SourceCategory.SEARCH);
    private static final KnownSource ECOSIA = new KnownSource("Ecosia", SourceCategory.SEARCH);
    private static final KnownSource ASK = new KnownSource("Ask", SourceCategory.SEARCH);

    /** A few entries as Matomo's lists write them, in the order the adapter adds them: assistants, socials, engines. */
    private static final ReferrerDirectory DIRECTORY = ReferrerDirectory.builder()
            .add("gemini.google.com", GEMINI)
            .add("grok.com", GROK)
            .add("x.com/i/grok", GROK)
            .add("chatgpt.com", CHATGPT)
            .add("x.com", X)
            .add("facebook.com", FACEBOOK)
            .add("m.facebook.com", FACEBOOK)
            .add("news.ycombinator.com", HACKER_NEWS)
            .add("google.com", GOOGLE)
            .add("google.{}", GOOGLE)
            .add("{}.bing.com", BING)
            .add("bing.com/images/search", BING_IMAGES)
            .add("www.ecosia.org", ECOSIA)
            .add("images.{}.ask.com", ASK)
            .add("chatgpt.com", new KnownSource("ChatGPT", SourceCategory.SEARCH))
            .add("www.facebook.com", new KnownSource("Facebook", SourceCategory.SEARCH))
            .build();

    private static Optional<String> nameOf(String referrer) {
        return DIRECTORY.find(Referrer.parse(referrer)).map(KnownSource::name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://www.google.com/           | Google",
            "https://news.ycombinator.com/item | Hacker News",
            "https://ecosia.org/search?q=x     | Ecosia",
            "https://www.ecosia.org/search     | Ecosia",
            "https://gemini.google.com/app     | Gemini",
            "https://grok.com/                 | Grok"})
    void finds_an_exact_host_with_or_without_www(String referrer, String name) {
        assertThat(nameOf(referrer)).contains(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://www.google.de/search?q=x | Google",
            "https://google.fr/               | Google",
            "https://www.google.co.uk/        | Google",
            "https://google.com.au/search     | Google",
            "https://google.co.jp/            | Google"})
    void a_trailing_wildcard_is_any_top_level_domain_of_one_label_or_a_country_code_after_com_co_and_the_like(
            String referrer, String name) {
        assertThat(nameOf(referrer)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"google", "https://google.a.b.c/", "https://google.blogspot.com/", "https://google.evil.com/",
            "https://google.co.evil/", "https://google-analytics.com/", "https://notgoogle.de/"})
    void a_trailing_wildcard_is_no_other_host(String referrer) {
        assertThat(nameOf(referrer)).isEmpty();
    }

    @Test
    void a_leading_wildcard_is_one_label_and_not_the_host_without_it() {
        assertThat(nameOf("https://cn.bing.com/search?q=x")).contains("Bing");
        assertThat(nameOf("https://www.bing.com/search?q=x")).isEmpty(); // bing.com itself is not listed here
        assertThat(ReferrerDirectory.builder().add("{}.bing.com", BING).add("bing.com", BING).build()
                .find(Referrer.parse("https://www.bing.com/"))).contains(BING);
        // a deeper host is not found through its parent among search engines (the lists name whole sites there)
        assertThat(nameOf("https://a.b.bing.com/")).isEmpty();
    }

    @Test
    void a_wildcard_inside_a_host_is_exactly_one_label() {
        assertThat(nameOf("https://images.uk.ask.com/")).contains("Ask");
        assertThat(nameOf("https://images.ask.com/")).isEmpty();
    }

    @Test
    void a_path_entry_needs_the_path_or_a_path_below_it_and_wins_over_its_host() {
        assertThat(nameOf("https://x.com/i/grok")).contains("Grok");
        assertThat(nameOf("https://x.com/i/grok?conversation=1")).contains("Grok");
        assertThat(nameOf("https://x.com/i/grok/share/abc")).contains("Grok");
        assertThat(nameOf("https://www.x.com/i/grok")).contains("Grok");
        assertThat(nameOf("https://x.com/i/grokking")).contains("X");
        assertThat(nameOf("https://x.com/home")).contains("X");
        assertThat(nameOf("https://x.com")).contains("X");
        assertThat(nameOf("https://bing.com/images/search?q=cat")).contains("Bing Images");
        assertThat(nameOf("https://bing.com/images")).isEmpty();
    }

    @Test
    void the_longest_matching_path_wins() {
        KnownSource docs = new KnownSource("Docs", SourceCategory.SEARCH);
        KnownSource api = new KnownSource("API docs", SourceCategory.SEARCH);
        ReferrerDirectory directory = ReferrerDirectory.builder().add("example.com/docs", docs).add("example.com/docs/api", api)
                .build();
        assertThat(directory.find(Referrer.parse("https://example.com/docs/api/v1"))).contains(api);
        assertThat(directory.find(Referrer.parse("https://example.com/docs/guide"))).contains(docs);
        assertThat(directory.find(Referrer.parse("https://example.com/"))).isEmpty();
    }

    @Test
    void a_subdomain_is_found_through_its_parent_domains_but_a_parent_not_through_its_subdomain() {
        assertThat(nameOf("https://l.facebook.com/l.php?u=x")).contains("Facebook");
        assertThat(nameOf("https://m.facebook.com/")).contains("Facebook");
        assertThat(nameOf("https://a.b.news.ycombinator.com/")).contains("Hacker News");
        assertThat(nameOf("https://mail.google.com/mail/u/0")).isEmpty(); // google.com is a search engine: no parent walk
        assertThat(nameOf("https://gemini.google.com/app")).contains("Gemini");
        assertThat(nameOf("https://ycombinator.com/")).isEmpty();
        assertThat(nameOf("https://google.com.evil.org/")).isEmpty();
    }

    @Test
    void the_first_entry_added_for_a_host_wins() {
        assertThat(DIRECTORY.find(Referrer.parse("https://chatgpt.com/"))).contains(CHATGPT);
        assertThat(DIRECTORY.find(Referrer.parse("https://www.facebook.com/"))).contains(FACEBOOK);
        ReferrerDirectory reversed = ReferrerDirectory.builder().add("chatgpt.com", new KnownSource("ChatGPT", SourceCategory.SEARCH))
                .add("chatgpt.com", CHATGPT).build();
        assertThat(reversed.find(Referrer.parse("chatgpt.com")).map(KnownSource::category)).contains(SourceCategory.SEARCH);
    }

    @Test
    void a_name_is_found_without_case_and_the_first_source_of_a_name_wins() {
        assertThat(DIRECTORY.named("google")).contains(GOOGLE);
        assertThat(DIRECTORY.named(" Hacker NEWS ")).contains(HACKER_NEWS);
        assertThat(DIRECTORY.named("chatgpt")).contains(CHATGPT);
        assertThat(DIRECTORY.named("facebook")).contains(FACEBOOK);
        assertThat(DIRECTORY.named("newsletter")).isEmpty();
    }

    @Test
    void counts_hosts_and_patterns_once_per_host() {
        // exact hosts: gemini.google.com, grok.com, chatgpt.com, x.com, facebook.com, m.facebook.com,
        // news.ycombinator.com, google.com, ecosia.org (9; the second chatgpt.com and www.facebook.com add none);
        // wildcards: google.{}, {}.bing.com, images.{}.ask.com (3); paths: x.com/i/grok, bing.com/images/search (2)
        assertThat(DIRECTORY.size()).isEqualTo(14);
        assertThat(ReferrerDirectory.EMPTY.size()).isZero();
        assertThat(ReferrerDirectory.EMPTY.find(Referrer.parse("https://www.google.com/"))).isEmpty();
    }
}
