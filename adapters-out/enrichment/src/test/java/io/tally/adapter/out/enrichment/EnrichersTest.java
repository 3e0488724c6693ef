package io.tally.adapter.out.enrichment;

import io.tally.application.port.out.GeoLocator;
import io.tally.application.port.out.UserAgentParser;
import io.tally.domain.event.Enrichment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichersTest {

    private static final UserAgentParser PARSER = Enrichers.userAgents();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome | Windows | desktop",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 | Safari | Mac OS X | desktop",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | mobile",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 | Chrome Mobile | Android | mobile",
            "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | tablet",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox | Linux | desktop"})
    void reads_browser_os_and_device_class(String userAgent, String browser, String os, String device) {
        assertThat(PARSER.parse(userAgent)).contains(new Enrichment.Device(browser, os, device, false));
    }

    @Test
    void flags_bots() {
        Enrichment.Device googlebot = PARSER.parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").orElseThrow();
        assertThat(googlebot.bot()).isTrue();
        assertThat(googlebot.device()).isEqualTo("bot");
        assertThat(PARSER.parse("   ")).isEmpty();
    }

    /**
     * Ingest requests parse user agents on many threads at once, through one parser and its cache. Thousands of
     * distinct agents (more than ua-parser's own cache held, so entries come and go) in a different order on each of
     * eight threads all come back as their template says.
     */
    @Test
    void concurrent_requests_share_the_parser_and_its_cache_safely() throws Exception {
        UserAgentParser shared = Enrichers.userAgents();
        List<String> chrome = new ArrayList<>();
        List<String> firefox = new ArrayList<>();
        for (int version = 0; version < 1_500; version++) {
            chrome.add("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + (100 + version / 100) + ".0." + version + ".0 Safari/537.36");
            firefox.add("Mozilla/5.0 (X11; Linux x86_64; rv:" + (100 + version % 50) + ".0) Gecko/20100101 Firefox/"
                    + (100 + version % 50) + "." + version);
        }
        Enrichment.Device chromeOnWindows = new Enrichment.Device("Chrome", "Windows", "desktop", false);
        Enrichment.Device firefoxOnLinux = new Enrichment.Device("Firefox", "Linux", "desktop", false);
        List<String> all = new ArrayList<>(chrome);
        all.addAll(firefox);
        List<Future<Integer>> threads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                List<String> order = new ArrayList<>(all);
                Collections.shuffle(order, new Random(t));
                threads.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int round = 0; round < 3; round++) {
                        for (String agent : order) {
                            Enrichment.Device expected = agent.contains("Chrome/") ? chromeOnWindows : firefoxOnLinux;
                            wrong += shared.parse(agent).equals(Optional.of(expected)) ? 0 : 1;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> thread : threads) {
                assertThat(thread.get()).as("answers that were not the agent's own").isZero();
            }
        }
    }

    /** A real MaxMind-format database, written by MaxMind's own Perl writer from the networks in the script. */
    static Path testDatabase(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("test-city.mmdb");
        Path script = Path.of("src/test/resources/make-test-geoip.pl");
        Process perl = new ProcessBuilder("perl", script.toString(), file.toString()).redirectErrorStream(true).start();
        String output = new String(perl.getInputStream().readAllBytes());
        assertThat(perl.waitFor()).as("""
                writing the test GeoIP database failed: %s
                It needs MaxMind's writer: sudo apt-get install -y libmaxmind-db-writer-perl (.ci/run installs it)""", output)
                .isZero();
        return file;
    }

    @Test
    void locates_addresses_from_a_geoip_database(@TempDir Path dir) throws Exception {
        GeoLocator geo = Enrichers.geo(Optional.of(testDatabase(dir)));
        assertThat(geo.locate("81.2.69.160")).contains(new Enrichment.Location("GB", "England", "London"));
        assertThat(geo.locate("2a02:8108:1234::1")).contains(new Enrichment.Location("DE", "Berlin", "Berlin"));
        assertThat(geo.locate("8.8.8.8")).isEmpty();
        assertThat(geo.locate("not-an-address")).isEmpty();
        assertThat(geo.locate("cafe")).as("hex that is no address must not become a DNS lookup").isEmpty();
    }

    @Test
    void without_a_database_geo_stays_empty_and_a_missing_file_is_an_error(@TempDir Path dir) {
        assertThat(Enrichers.geo(Optional.empty()).locate("81.2.69.160")).isEmpty();
        assertThatThrownBy(() -> Enrichers.geo(Optional.of(dir.resolve("absent.mmdb"))))
                .hasMessageContaining("enrichment.geoip-database");
        assertThat(Files.exists(dir.resolve("absent.mmdb"))).isFalse();
    }
}
