package io.tally.domain.sample;

import io.tally.domain.event.Event;
import io.tally.domain.event.PropertyValue;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A deterministic generator of realistic product traffic: users who come back in sessions, page views with
 * paths and referrers, sign-ups, conversions and purchases with revenue, several countries and user agents,
 * busier weekdays and working hours. The same settings always give the same events, so tests, the command
 * line and the benchmarks share one data set.
 */
public final class TrafficGenerator {

    /**
     * @param events    how many events to produce, exactly
     * @param days      how many days before {@code end} the traffic spans
     * @param seed      the random seed; same seed, same events
     * @param end       the instant the traffic stops before (exclusive)
     * @param projectId the project every event belongs to
     */
    public record Settings(long events, int days, long seed, Instant end, String projectId) {
        public Settings {
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(projectId, "projectId");
            if (events < 0 || days < 1) {
                throw new IllegalArgumentException("events must be >= 0 and days >= 1");
            }
        }
    }

    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    /** Country code and an address prefix from a block registered there. */
    static final List<String[]> COUNTRIES = List.of(
            new String[]{"US", "8.8.4."}, new String[]{"DE", "85.214.132."}, new String[]{"GB", "81.2.69."},
            new String[]{"FR", "90.84.144."}, new String[]{"IN", "49.36.128."}, new String[]{"BR", "177.54.148."},
            new String[]{"JP", "126.34.9."}, new String[]{"CA", "99.228.0."});
    static final List<String> PATHS = List.of("/", "/pricing", "/docs", "/blog", "/blog/launch", "/features",
            "/signup", "/login", "/docs/api", "/about", "/changelog", "/integrations");
    static final List<String> REFERRERS = List.of("", "", "https://www.google.com/", "https://news.ycombinator.com/",
            "https://twitter.com/", "https://www.reddit.com/r/analytics/", "https://duckduckgo.com/");
    static final List<String> UTM_SOURCES = List.of("", "", "", "newsletter", "google", "twitter", "partner");
    static final List<String> PLANS = List.of("free", "free", "free", "team", "business");
    /** Relative traffic per hour of the day (UTC), busiest in European and American working hours. */
    private static final double[] HOUR_WEIGHT = {0.3, 0.25, 0.2, 0.2, 0.25, 0.35, 0.5, 0.7, 0.85, 1.0, 1.0, 1.0,
            0.95, 1.0, 1.0, 1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.35};

    private TrafficGenerator() {
    }

    /** The events, lazily, session by session (not sorted by time). */
    public static Stream<Event> events(Settings settings) {
        Iterator<Event> iterator = new SessionIterator(settings);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * The same kind of traffic in the order it happens, as a live site sends it: day by day (each day's share of
     * the events follows its weekday), each day's events sorted by time. A session that runs past midnight stays in
     * the day it started, so a few events arrive a little late. Not the events of {@link #events}: each day draws
     * from its own seed ({@code seed ^ day}), so a day can be generated without the days before it.
     */
    public static Stream<Event> chronological(Settings settings) {
        Iterator<Event> iterator = new DayIterator(settings);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** All events in a list, for data sets small enough to hold. */
    public static List<Event> list(Settings settings) {
        return events(settings).toList();
    }

    private static final class SessionIterator implements Iterator<Event> {
        private final Settings settings;
        private final SplittableRandom random;
        private final Sessions sessions;
        private final Instant firstInstant;
        private final ArrayDeque<Event> pending = new ArrayDeque<>();
        private long emitted;

        SessionIterator(Settings settings) {
            this.settings = settings;
            this.random = new SplittableRandom(settings.seed());
            this.sessions = new Sessions(settings);
            this.firstInstant = settings.end().minus(Duration.ofDays(settings.days()));
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && emitted < settings.events()) {
                int user = sessions.user(random);
                sessions.generate(random, user, sessionStart(random, firstInstant, Duration.ofDays(settings.days()), true), pending);
            }
            return !pending.isEmpty() && emitted < settings.events();
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            emitted++;
            return pending.poll();
        }
    }

    /** Day by day: a day's share of the events, generated from the day's own seed and sorted by time. */
    private static final class DayIterator implements Iterator<Event> {
        private final Settings settings;
        private final Sessions sessions;
        private final Instant firstInstant;
        private final double[] dayWeights;
        private final double totalWeight;
        private final ArrayDeque<Event> pending = new ArrayDeque<>();
        private int day;
        private double weightSoFar;
        private long emitted;

        DayIterator(Settings settings) {
            this.settings = settings;
            this.sessions = new Sessions(settings);
            this.firstInstant = settings.end().minus(Duration.ofDays(settings.days()));
            this.dayWeights = new double[settings.days()];
            double total = 0;
            for (int d = 0; d < settings.days(); d++) {
                dayWeights[d] = weekdayWeight(firstInstant.plus(Duration.ofDays(d)).atOffset(ZoneOffset.UTC).getDayOfWeek());
                total += dayWeights[d];
            }
            this.totalWeight = total;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && emitted < settings.events() && day < settings.days()) {
                generateDay();
            }
            return !pending.isEmpty();
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            emitted++;
            return pending.poll();
        }

        private void generateDay() {
            weightSoFar += dayWeights[day];
            long upTo = day == settings.days() - 1 ? settings.events()
                    : Math.round(settings.events() * weightSoFar / totalWeight);
            long wanted = upTo - emitted;
            SplittableRandom random = new SplittableRandom(settings.seed() ^ day);
            Instant dayStart = firstInstant.plus(Duration.ofDays(day));
            ArrayDeque<Event> generated = new ArrayDeque<>();
            while (generated.size() < wanted) {
                int user = sessions.user(random);
                sessions.generate(random, user, sessionStart(random, dayStart, Duration.ofDays(1), false), generated);
            }
            List<Event> sorted = new ArrayList<>(generated);
            sorted.subList((int) wanted, sorted.size()).clear();
            sorted.sort(Comparator.comparing(Event::timestamp));
            pending.addAll(sorted);
            day++;
        }
    }

    /** How a session is made: shared by both orders, so both give the same kind of traffic. */
    private static final class Sessions {
        private final Settings settings;
        private final int users;
        private final Set<Integer> signedUp = new HashSet<>();
        private long sessionCounter;

        Sessions(Settings settings) {
            this.settings = settings;
            this.users = (int) Math.max(10, Math.min(5_000_000, settings.events() / 40));
        }

        int user(SplittableRandom random) {
            return (int) (users * Math.pow(random.nextDouble(), 2.0));
        }

        /** Adds the session's events (those before the end) to {@code out}. */
        void generate(SplittableRandom random, int user, Instant start, Collection<Event> out) {
            if (!start.isBefore(settings.end())) {
                return;
            }
            long session = sessionCounter++;
            String sessionId = "ses-" + settings.seed() + "-" + Long.toHexString(session);
            String userId = "usr-" + settings.seed() + "-" + user;
            String userAgent = USER_AGENTS.get(Math.floorMod(user * 31 + 7, USER_AGENTS.size()));
            String[] country = COUNTRIES.get(Math.floorMod(user * 17 + 3, COUNTRIES.size()));
            String ip = country[1] + (1 + Math.floorMod(user, 250));
            String plan = PLANS.get(Math.floorMod(user * 13, PLANS.size()));
            String referrer = REFERRERS.get(random.nextInt(REFERRERS.size()));
            String utmSource = UTM_SOURCES.get(random.nextInt(UTM_SOURCES.size()));

            int pages = random.nextDouble() < 0.35 ? 1 : 2 + (int) Math.min(10, -Math.log(1 - random.nextDouble()) * 2.5);
            Instant at = start;
            int counter = 0;
            for (int page = 0; page < pages; page++) {
                Map<String, PropertyValue> props = new LinkedHashMap<>();
                props.put("path", PropertyValue.of(PATHS.get(random.nextInt(PATHS.size()))));
                if (page == 0 && !referrer.isEmpty()) {
                    props.put("referrer", PropertyValue.of(referrer));
                }
                if (page == 0 && !utmSource.isEmpty()) {
                    props.put("utm_source", PropertyValue.of(utmSource));
                }
                props.put("plan", PropertyValue.of(plan));
                props.put("country", PropertyValue.of(country[0]));
                add(out, sessionId, counter++, userId, "page_view", at, props, userAgent, ip);
                at = at.plusSeconds(5 + random.nextInt(175)).plusMillis(random.nextInt(1000));
            }
            if (!signedUp.contains(user) && random.nextDouble() < 0.06) {
                signedUp.add(user);
                add(out, sessionId, counter++, userId, "sign_up", at, Map.of("plan", PropertyValue.of(plan)), userAgent, ip);
                at = at.plusSeconds(1 + random.nextInt(60));
            }
            if (random.nextDouble() < 0.08) {
                add(out, sessionId, counter++, userId, "conversion",
                        at, Map.of("goal", PropertyValue.of(random.nextBoolean() ? "newsletter" : "trial")), userAgent, ip);
                at = at.plusSeconds(1 + random.nextInt(60));
            }
            if (random.nextDouble() < 0.04) {
                BigDecimal revenue = BigDecimal.valueOf(500 + random.nextInt(49_500), 2);
                Map<String, PropertyValue> props = new LinkedHashMap<>();
                props.put("revenue", PropertyValue.of(revenue));
                props.put("currency", PropertyValue.of("USD"));
                props.put("plan", PropertyValue.of(plan));
                add(out, sessionId, counter, userId, "purchase", at, props, userAgent, ip);
            }
        }

        private void add(Collection<Event> out, String sessionId, int index, String userId, String type, Instant at,
                         Map<String, PropertyValue> properties, String userAgent, String ip) {
            if (!at.isBefore(settings.end())) {
                return;
            }
            String eventId = "evt-" + sessionId.substring(4) + "-" + index;
            out.add(new Event(eventId, settings.projectId(), userId, sessionId, type, at, properties,
                    userAgent, ip, at.plusMillis(150)));
        }
    }

    /**
     * A start time in {@code [from, from + span)}, weighted by hour of day (and by weekday when asked), by
     * rejection sampling.
     */
    private static Instant sessionStart(SplittableRandom random, Instant from, Duration span, boolean byWeekday) {
        long spanMillis = span.toMillis();
        while (true) {
            Instant candidate = from.plusMillis(random.nextLong(spanMillis));
            var utc = candidate.atOffset(ZoneOffset.UTC);
            double weight = HOUR_WEIGHT[utc.getHour()] * (byWeekday ? weekdayWeight(utc.getDayOfWeek()) : 1.0);
            if (random.nextDouble() < weight) {
                return candidate;
            }
        }
    }

    private static double weekdayWeight(DayOfWeek day) {
        return switch (day) {
            case SATURDAY -> 0.6;
            case SUNDAY -> 0.5;
            default -> 1.0;
        };
    }
}
