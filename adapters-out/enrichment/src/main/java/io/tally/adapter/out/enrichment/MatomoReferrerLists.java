package io.tally.adapter.out.enrichment;

import io.tally.domain.acquisition.KnownSource;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.acquisition.SourceCategory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Matomo's referrer lists (the {@code referrers/} resources, see their {@code SOURCE.md}) as one directory: AI
 * assistants first, then social networks, then search engines, so that a host two lists name counts as the first
 * ({@code chatgpt.com} is an AI assistant, {@code facebook.com} a social network, though both are search engines too).
 */
final class MatomoReferrerLists {

    static final String AI_ASSISTANTS = "AIAssistants.yml";
    static final String SOCIALS = "Socials.yml";
    static final String SEARCH_ENGINES = "SearchEngines.yml";

    private static final String FOLDER = "referrers/";

    private MatomoReferrerLists() {
    }

    /** The lists shipped in this module; a missing or malformed list is an {@link IllegalStateException} naming it. */
    static ReferrerDirectory load() {
        return load(file -> MatomoReferrerLists.class.getResourceAsStream(FOLDER + file));
    }

    /** The lists as {@code open} gives them by file name (null for a missing one). */
    static ReferrerDirectory load(Function<String, InputStream> open) {
        ReferrerDirectory.Builder directory = ReferrerDirectory.builder();
        hostLists(read(open, AI_ASSISTANTS), AI_ASSISTANTS, SourceCategory.AI_ASSISTANT, directory);
        hostLists(read(open, SOCIALS), SOCIALS, SourceCategory.SOCIAL, directory);
        searchEngines(read(open, SEARCH_ENGINES), directory);
        return directory.build();
    }

    /** {@code Name: [host, …]}. */
    private static void hostLists(Map<?, ?> list, String file, SourceCategory category, ReferrerDirectory.Builder directory) {
        list.forEach((name, hosts) -> add(file, name, hosts, category, directory));
    }

    /** {@code Name: [{urls: [host, …], params: …, backlink: …}, …]}: only the hosts matter here. */
    private static void searchEngines(Map<?, ?> list, ReferrerDirectory.Builder directory) {
        list.forEach((name, configurations) -> {
            if (!(configurations instanceof List<?> entries) || entries.isEmpty()) {
                throw malformed(SEARCH_ENGINES, "'" + name + "' is not a list of configurations");
            }
            for (Object configuration : entries) {
                if (!(configuration instanceof Map<?, ?> fields)) {
                    throw malformed(SEARCH_ENGINES, "a configuration of '" + name + "' is not a map");
                }
                add(SEARCH_ENGINES, name, fields.get("urls"), SourceCategory.SEARCH, directory);
            }
        });
    }

    private static void add(String file, Object name, Object hosts, SourceCategory category, ReferrerDirectory.Builder directory) {
        if (!(name instanceof String text) || text.isBlank()) {
            throw malformed(file, "an entry has no name");
        }
        if (!(hosts instanceof List<?> patterns) || patterns.isEmpty()) {
            throw malformed(file, "'" + text + "' has no list of hosts");
        }
        KnownSource source = new KnownSource(decodeEscapes(text.strip()), category);
        for (Object pattern : patterns) {
            if (!(pattern instanceof String host)) {
                throw malformed(file, "a host of '" + text + "' is not text");
            }
            // Android app referrers as a path (android-app//com.google…/https/www.google.com) never match a host
            if (!host.isBlank() && !host.contains("//")) {
                directory.add(host, source);
            }
        }
    }

    /**
     * A list's top-level map. Every scalar is read as text (the YAML 1.1 rules would make a name such as {@code On}
     * a boolean and {@code 1.5} a number), and only plain YAML types are built.
     */
    private static Map<?, ?> read(Function<String, InputStream> open, String file) {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new TextOnlyResolver());
        try (InputStream in = open.apply(file)) {
            if (in == null) {
                throw new IllegalStateException("the referrer list " + file + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                if (yaml.load(reader) instanceof Map<?, ?> list && !list.isEmpty()) {
                    return list;
                }
                throw malformed(file, "it is not a map of names to entries");
            }
        } catch (YAMLException e) {
            throw new IllegalStateException("the referrer list " + file + " is malformed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("the referrer list " + file + " could not be read", e);
        }
    }

    private static IllegalStateException malformed(String file, String why) {
        return new IllegalStateException("the referrer list " + file + " is malformed: " + why);
    }

    /** {@code Google%2B} → {@code Google+}: only {@code %XX} escapes are decoded, a {@code +} stays a plus. */
    static String decodeEscapes(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); ) {
            int high = i + 2 < name.length() && name.charAt(i) == '%' ? Character.digit(name.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(name.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int end = i + Character.charCount(name.codePointAt(i));
                bytes.writeBytes(name.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A resolver without implicit types: a plain scalar is a string. */
    private static final class TextOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
        }
    }
}
