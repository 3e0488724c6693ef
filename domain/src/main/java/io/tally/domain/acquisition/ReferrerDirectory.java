package io.tally.domain.acquisition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Known referrers by host, as a referrer list writes them: an exact host ({@code duckduckgo.com}), a host with
 * {@code {}} for any top-level domain at its end ({@code google.{}}: {@code google.de}, {@code google.co.uk}) or for one
 * label elsewhere ({@code {}.bing.com}), optionally followed by a path the referrer's path must be or lie below
 * ({@code x.com/i/grok}). A leading {@code www.} is ignored on both sides.
 *
 * <p>A referrer is looked up by its host and path, then by its host, then by each parent domain
 * ({@code m.facebook.com} → {@code facebook.com}) among social networks and AI assistants only: the lists name whole
 * sites as search engines where only their search pages are ({@code google.com}, {@code cnn.com}), so
 * {@code mail.google.com} is not Google search. The first entry added for a host wins.
 */
public final class ReferrerDirectory {

    /** Knows no referrer: every referrer is unknown. */
    public static final ReferrerDirectory EMPTY = builder().build();

    /**
     * The labels before a country code in a two-label top-level domain a trailing {@code {}} matches ({@code co.uk},
     * {@code com.au}): the lists' own rule, so {@code google.{}} is not {@code google.blogspot.com}.
     */
    private static final Set<String> SECOND_LEVELS = Set.of("com", "org", "net", "co", "it", "edu");

    private final Map<String, KnownSource> byHost;
    private final List<Pattern> wildcards;
    private final List<Pattern> withPaths;
    private final Map<String, KnownSource> byName;

    private ReferrerDirectory(Map<String, KnownSource> byHost, List<Pattern> wildcards, List<Pattern> withPaths,
                              Map<String, KnownSource> byName) {
        this.byHost = byHost;
        this.wildcards = wildcards;
        this.withPaths = withPaths;
        this.byName = byName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The known source a referrer comes from, if the lists know its host. */
    public Optional<KnownSource> find(Referrer referrer) {
        String host = referrer.host();
        String[] labels = host.split("\\.", -1); // once per lookup: this runs for every ingested event with a referrer
        for (Pattern pattern : withPaths) {
            if (pattern.matchesHost(labels, 0) && pattern.matchesPath(referrer.path())) {
                return Optional.of(pattern.source());
            }
        }
        for (int from = 0; ; from++) {
            boolean parent = from > 0;
            KnownSource exact = byHost.get(host);
            if (exact != null && !(parent && exact.category() == SourceCategory.SEARCH)) {
                return Optional.of(exact);
            }
            for (Pattern pattern : wildcards) {
                if (pattern.matchesHost(labels, from) && !(parent && pattern.source().category() == SourceCategory.SEARCH)) {
                    return Optional.of(pattern.source());
                }
            }
            if (labels.length - from <= 2) {
                return Optional.empty();
            }
            host = host.substring(labels[from].length() + 1);
        }
    }

    /** The known source of a display name, compared without case ({@code google} → Google). */
    public Optional<KnownSource> named(String name) {
        return Optional.ofNullable(byName.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    /** How many hosts and host patterns are known. */
    public int size() {
        return byHost.size() + wildcards.size() + withPaths.size();
    }

    private static boolean isCountryCode(String label) {
        return label.length() == 2 && label.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    /** A host pattern in labels ({@code {}} one label, or at the end a top-level domain) and a path prefix. */
    private record Pattern(String[] labels, String path, KnownSource source) {

        /** The path, or a path below it: {@code /i/grok} is {@code /i/grok/x} but not {@code /i/grokking}. */
        boolean matchesPath(String referrerPath) {
            return referrerPath.startsWith(path) && (path.endsWith("/") || referrerPath.length() == path.length()
                    || referrerPath.charAt(path.length()) == '/');
        }

        /** Whether the host whose labels start at {@code from} matches. */
        boolean matchesHost(String[] hostLabels, int from) {
            return matches(hostLabels, from, 0);
        }

        private boolean matches(String[] hostLabels, int h, int p) {
            if (p == labels.length) {
                return h == hostLabels.length;
            }
            if (!labels[p].equals("{}")) {
                return h < hostLabels.length && labels[p].equals(hostLabels[h]) && matches(hostLabels, h + 1, p + 1);
            }
            if (p == labels.length - 1) {
                int left = hostLabels.length - h;
                if (left == 1) {
                    return !hostLabels[h].isEmpty();
                }
                return left == 2 && SECOND_LEVELS.contains(hostLabels[h]) && isCountryCode(hostLabels[h + 1]);
            }
            return h < hostLabels.length && !hostLabels[h].isEmpty() && matches(hostLabels, h + 1, p + 1);
        }
    }

    public static final class Builder {
        private final Map<String, KnownSource> byHost = new HashMap<>();
        private final List<Pattern> wildcards = new ArrayList<>();
        private final List<Pattern> withPaths = new ArrayList<>();
        private final Map<String, KnownSource> byName = new HashMap<>();

        private Builder() {
        }

        /** Adds one host pattern of a source; a host added before keeps its source. */
        public Builder add(String pattern, KnownSource source) {
            byName.putIfAbsent(source.name().toLowerCase(Locale.ROOT), source);
            String text = pattern.strip().toLowerCase(Locale.ROOT);
            if (text.startsWith("www.")) {
                text = text.substring(4);
            }
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            String path = slash < 0 ? "" : text.substring(slash);
            if (host.isEmpty()) {
                return this;
            }
            if (!path.isEmpty() && !path.equals("/")) {
                withPaths.add(new Pattern(host.split("\\.", -1), path, source));
            } else if (host.contains("{}")) {
                wildcards.add(new Pattern(host.split("\\.", -1), "", source));
            } else {
                byHost.putIfAbsent(host, source);
            }
            return this;
        }

        public ReferrerDirectory build() {
            List<Pattern> paths = new ArrayList<>(withPaths);
            paths.sort(Comparator.comparingInt((Pattern p) -> p.path().length()).reversed());
            return new ReferrerDirectory(Map.copyOf(byHost), List.copyOf(wildcards), List.copyOf(paths), Map.copyOf(byName));
        }
    }
}
