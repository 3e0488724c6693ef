package io.tally.adapter.out.memory;

import io.tally.domain.acquisition.Acquisition;
import io.tally.domain.acquisition.KnownSource;
import io.tally.domain.acquisition.ReferrerDirectory;
import io.tally.domain.acquisition.SourceCategory;
import io.tally.domain.event.Enrichment;
import io.tally.domain.event.Event;
import io.tally.domain.funnel.Attribution;
import io.tally.domain.funnel.FunnelCounting;
import io.tally.domain.funnel.FunnelExclusion;
import io.tally.domain.funnel.FunnelQuery;
import io.tally.domain.funnel.StepOrder;
import io.tally.domain.funnel.TimeToConvert;
import io.tally.domain.goal.ConversionsQuery;
import io.tally.domain.goal.Goal;
import io.tally.domain.goal.PagePattern;
import io.tally.domain.lifecycle.LifecycleQuery;
import io.tally.domain.path.PathDirection;
import io.tally.domain.path.PathsQuery;
import io.tally.domain.query.AggregateQuery;
import io.tally.domain.query.Aggregates;
import io.tally.domain.query.Compare;
import io.tally.domain.query.Dimension;
import io.tally.domain.query.EventCriteria;
import io.tally.domain.query.Filter;
import io.tally.domain.query.FilterOp;
import io.tally.domain.query.Formula;
import io.tally.domain.query.FormulaParser;
import io.tally.domain.query.Metric;
import io.tally.domain.query.MetricRef;
import io.tally.domain.query.ResolvedCohort;
import io.tally.domain.retention.CohortMode;
import io.tally.domain.retention.RetentionPeriod;
import io.tally.domain.retention.RetentionQuery;
import io.tally.domain.sample.TrafficGenerator;
import io.tally.domain.stickiness.StickinessQuery;
import io.tally.domain.time.Granularity;
import io.tally.domain.time.TimeRange;
import io.tally.domain.trend.TrendFormula;
import io.tally.domain.trend.TrendQuery;
import io.tally.domain.trend.TrendSeries;
import io.tally.domain.validation.Validated;
import org.junit.jupiter.params.provider.Arguments;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The one data set and the one list of cases on which every engine must agree with the reference, shared by
 * the DuckDB and ClickHouse agreement tests (published as this module's test-jar): 120,000 events over 64 days
 * ending after the autumn DST changes in Europe and North America, queried in five time zones.
 */
public final class AgreementCases {

    public static final Instant END = Instant.parse("2026-11-10T00:00:00Z");
    public static final int DAYS = 64;
    public static final TimeRange ALL = new TimeRange(END.minus(Duration.ofDays(DAYS)), END);
    private static final TimeRange AROUND_DST = new TimeRange(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
    private static final TimeRange ODD = new TimeRange(Instant.parse("2026-10-20T13:17:00Z"), Instant.parse("2026-10-21T02:41:30Z"));
    private static final TimeRange LATE = new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), END);
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private AgreementCases() {
    }

    /**
     * The generated traffic as ingest stores it with the referrer lists: each session's first page view with a
     * referrer or a campaign gains its {@code source} and {@code channel} ({@link Acquisition}). The generator's
     * referrers are written here by hand as the lists know them, so the data does not change with the lists.
     */
    public static List<Event> events() {
        return TrafficGenerator.list(new TrafficGenerator.Settings(120_000, DAYS, 2026, END, "default")).stream()
                .map(event -> Acquisition.of(event.properties(), GENERATED_REFERRERS)
                        .map(origin -> Enrichment.apply(event, Optional.empty(), Optional.empty(), Optional.of(origin), true))
                        .orElse(event))
                .toList();
    }

    private static final ReferrerDirectory GENERATED_REFERRERS = ReferrerDirectory.builder()
            .add("google.{}", new KnownSource("Google", SourceCategory.SEARCH))
            .add("duckduckgo.com", new KnownSource("DuckDuckGo", SourceCategory.SEARCH))
            .add("news.ycombinator.com", new KnownSource("Hacker News", SourceCategory.SOCIAL))
            .add("twitter.com", new KnownSource("Twitter", SourceCategory.SOCIAL))
            .add("reddit.com", new KnownSource("reddit", SourceCategory.SOCIAL))
            .build();

    /** Granularity, zone and range: every granularity, five zones, through the DST change and at odd edges. */
    public static Stream<Arguments> timeseriesCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String zone : ZONES) {
            cases.add(Arguments.of(Granularity.DAY, zone, ALL));
            cases.add(Arguments.of(Granularity.WEEK, zone, ALL));
            cases.add(Arguments.of(Granularity.MONTH, zone, ALL));
            cases.add(Arguments.of(Granularity.HOUR, zone, AROUND_DST));
            cases.add(Arguments.of(Granularity.MINUTE, zone, ODD));
        }
        // fixed offsets reach the stores as Etc/GMT∓h (TimeZones.storeName): the date line's edge, and a US zone's winter
        cases.add(Arguments.of(Granularity.DAY, "+14:00", ALL));
        cases.add(Arguments.of(Granularity.HOUR, "-05:00", AROUND_DST));
        return cases.stream();
    }

    /** Buyers: at least one purchase in the whole range. */
    public static final ResolvedCohort BUYERS = new ResolvedCohort("buyers",
            List.of(new ResolvedCohort.Rule(true, "purchase", 1, ALL, List.of())));
    /** Engaged readers who never bought: five page views or more, no purchase, both since October. */
    public static final ResolvedCohort ENGAGED_NON_BUYERS = new ResolvedCohort("engaged_non_buyers", List.of(
            new ResolvedCohort.Rule(true, "page_view", 5, LATE, List.of()),
            new ResolvedCohort.Rule(false, "purchase", 1, LATE, List.of())));

    private static Dimension prop(String key) {
        return new Dimension.Property(key);
    }

    private static Filter.Match filter(FilterOp op, Dimension dimension, String... values) {
        return new Filter.Match(op, dimension, List.of(values));
    }

    private static Filter.VisitMatch visit(FilterOp op, Dimension dimension, String... values) {
        return new Filter.VisitMatch(op, dimension, List.of(values));
    }

    private static AggregateQuery report(TimeRange range, String zone, List<Dimension> dimensions, Filter... filters) {
        return new AggregateQuery("default", range, ZoneId.of(zone), dimensions, List.of(filters));
    }

    /** Groupings and filters, each in one or more zones. */
    public static Stream<Arguments> reportCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String zone : ZONES) {
            cases.add(argumentSet("by day in " + zone, report(ALL, zone, List.of(new Dimension.Time(Granularity.DAY)))));
            cases.add(argumentSet("by hour through DST in " + zone,
                    report(AROUND_DST, zone, List.of(new Dimension.Time(Granularity.HOUR)))));
        }
        cases.add(argumentSet("by week and type at +14:00", report(ALL, "+14:00",
                List.of(new Dimension.Time(Granularity.WEEK), new Dimension.EventType()))));
        cases.add(argumentSet("ungrouped", report(ALL, "UTC", List.of())));
        cases.add(argumentSet("by event type", report(ALL, "UTC", List.of(new Dimension.EventType()))));
        cases.add(argumentSet("by entry path and country", report(ALL, "UTC", List.of(prop("path"), prop("country")))));
        cases.add(argumentSet("by week, plan and type in Sydney", report(ALL, "Australia/Sydney",
                List.of(new Dimension.Time(Granularity.WEEK), prop("plan"), new Dimension.EventType()))));
        cases.add(argumentSet("by month and referrer", report(ALL, "America/New_York",
                List.of(new Dimension.Time(Granularity.MONTH), prop("referrer")))));
        cases.add(argumentSet("by minute", report(ODD, "Asia/Kolkata", List.of(new Dimension.Time(Granularity.MINUTE)))));
        cases.add(argumentSet("by revenue value", report(ALL, "UTC", List.of(prop("revenue")))));
        cases.add(argumentSet("is", report(ALL, "UTC", List.of(new Dimension.EventType()),
                filter(FilterOp.IS, prop("country"), "DE", "FR"))));
        cases.add(argumentSet("is_not keeps events without the property", report(ALL, "UTC",
                List.of(new Dimension.EventType()), filter(FilterOp.IS_NOT, prop("utm_source"), "google"))));
        cases.add(argumentSet("contains", report(ALL, "Europe/Berlin", List.of(new Dimension.Time(Granularity.DAY)),
                filter(FilterOp.CONTAINS, prop("path"), "blog", "doc"))));
        cases.add(argumentSet("matches", report(ALL, "UTC", List.of(prop("path")),
                filter(FilterOp.MATCHES, prop("path"), "^/(docs|blog)(/.*)?$"))));
        cases.add(argumentSet("gt on revenue", report(ALL, "UTC", List.of(prop("plan")),
                filter(FilterOp.GT, prop("revenue"), "250.5"))));
        cases.add(argumentSet("lt on revenue and an event type", report(ALL, "UTC", List.of(new Dimension.Time(Granularity.WEEK)),
                filter(FilterOp.LT, prop("revenue"), "100"), filter(FilterOp.IS, new Dimension.EventType(), "purchase"))));
        cases.add(argumentSet("in cohort", report(ALL, "UTC", List.of(new Dimension.EventType()), new Filter.InCohort(BUYERS))));
        cases.add(argumentSet("in a cohort with a did-not rule", report(LATE, "Europe/Berlin",
                List.of(new Dimension.Time(Granularity.WEEK)), new Filter.InCohort(ENGAGED_NON_BUYERS))));
        cases.add(argumentSet("several filters", report(LATE, "UTC", List.of(prop("country")),
                filter(FilterOp.IS_NOT, prop("plan"), "free"), filter(FilterOp.CONTAINS, prop("path"), "/"),
                new Filter.InCohort(BUYERS))));
        cases.add(argumentSet("a filter nothing passes", report(ALL, "UTC", List.of(), filter(FilterOp.IS, prop("plan"), "nope"))));
        cases.add(argumentSet("by exit page", report(ALL, "UTC", List.of(new Dimension.ExitPage()))));
        cases.add(argumentSet("by entry page", report(ALL, "UTC", List.of(new Dimension.EntryPage()))));
        cases.add(argumentSet("by channel", report(ALL, "UTC", List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL)))));
        cases.add(argumentSet("by week and source in Berlin", report(LATE, "Europe/Berlin", List.of(new Dimension.Time(Granularity.WEEK),
                new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE)))));
        cases.add(argumentSet("by channel and entry page of the page views from Germany", report(ALL, "UTC",
                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL), new Dimension.EntryPage()),
                filter(FilterOp.IS, new Dimension.EventType(), "page_view"), filter(FilterOp.IS, prop("country"), "DE"))));
        cases.add(argumentSet("visits from Organic Search, by entry page", report(ALL, "UTC", List.of(new Dimension.EntryPage()),
                visit(FilterOp.IS, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL), "Organic Search"))));
        cases.add(argumentSet("page views of visits entering on docs or blog, by day in Berlin", report(LATE, "Europe/Berlin",
                List.of(new Dimension.Time(Granularity.DAY)), filter(FilterOp.IS, new Dimension.EventType(), "page_view"),
                visit(FilterOp.CONTAINS, new Dimension.EntryPage(), "/docs", "/blog"))));
        cases.add(argumentSet("visits not from Google whose first event is German, by channel and type", report(ALL, "UTC",
                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL), new Dimension.EventType()),
                visit(FilterOp.IS_NOT, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE), "Google"),
                visit(FilterOp.IS, prop("country"), "DE"))));
        cases.add(argumentSet("visits leaving on pricing or signup, by event type, Kolkata", report(LATE, "Asia/Kolkata",
                List.of(new Dimension.EventType()), visit(FilterOp.MATCHES, new Dimension.ExitPage(), "^/(pricing|signup)$"))));
        cases.add(argumentSet("visits whose first event has no utm_source, team plan events, by referrer", report(ALL, "UTC",
                List.of(prop("referrer")), visit(FilterOp.IS_NOT, prop("utm_source"), "google", "twitter", "newsletter", "partner"),
                filter(FilterOp.IS, prop("plan"), "team"))));
        cases.add(argumentSet("the docs pages goal's events by channel", report(ALL, "UTC",
                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL)), goals(FilterOp.IS, pageGoal("docs", "/docs/**")))));
        cases.add(argumentSet("the blog or team sign-up goals' events by day in Berlin", report(LATE, "Europe/Berlin",
                List.of(new Dimension.Time(Granularity.DAY)), goals(FilterOp.IS, pageGoal("blog", "/blog/*"),
                        new Goal("team", "", new Goal.CustomEvent("sign_up"), List.of(filter(FilterOp.IS, prop("plan"), "team")))))));
        cases.add(argumentSet("every event but a purchase goal's, German ones, by type", report(ALL, "UTC",
                List.of(new Dimension.EventType()), goals(FilterOp.IS_NOT, new Goal("buy", "", new Goal.CustomEvent("purchase"),
                        List.of())), filter(FilterOp.IS, prop("country"), "DE"))));
        cases.add(argumentSet("by source of the sign-ups (their sessions' first selected event)", report(ALL, "UTC",
                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE)), filter(FilterOp.IS, new Dimension.EventType(), "sign_up"))));
        cases.add(argumentSet("by week and entry page in Sydney", report(LATE, "Australia/Sydney",
                List.of(new Dimension.Time(Granularity.WEEK), new Dimension.EntryPage()))));
        cases.add(argumentSet("by entry and exit page of the page views alone", report(ALL, "UTC",
                List.of(new Dimension.EntryPage(), new Dimension.ExitPage()), filter(FilterOp.IS, new Dimension.EventType(), "page_view"))));
        cases.add(argumentSet("by day and exit page in Berlin", report(LATE, "Europe/Berlin",
                List.of(new Dimension.Time(Granularity.DAY), new Dimension.ExitPage()))));
        cases.add(argumentSet("by exit page of the page views alone", report(ALL, "UTC", List.of(new Dimension.ExitPage()),
                filter(FilterOp.IS, new Dimension.EventType(), "page_view"))));
        cases.add(argumentSet("by exit page and country, paths with docs left out", report(LATE, "UTC",
                List.of(new Dimension.ExitPage(), prop("country")), filter(FilterOp.CONTAINS, prop("path"), "/"),
                filter(FilterOp.IS_NOT, prop("path"), "/docs"))));
        return cases.stream();
    }

    /** Events and visitors by type and day over the late half of the data, with totals: the benchmark's report. */
    public static AggregateQuery typeAndDayWithTotals() {
        return report(LATE, "Europe/Berlin", List.of(new Dimension.EventType(), new Dimension.Time(Granularity.DAY))).withTotals();
    }

    /** Reports that count only some of the costly parts (as reports whose metrics read none, or one, of them). */
    public static Stream<Arguments> partialReportCases() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, Set<Aggregates.Part>> subsets = Map.of("no costly part", Set.of(),
                "visitors only", Set.of(Aggregates.Part.VISITORS), "sessions only", Set.of(Aggregates.Part.SESSIONS),
                "visitors and converted visitors", Aggregates.Part.DISTINCT_USERS,
                "revenue only", Set.of(Aggregates.Part.REVENUE));
        subsets.forEach((name, parts) -> {
            cases.add(argumentSet(name + ", by event type and day in Berlin", new AggregateQuery("default", ALL,
                    ZoneId.of("Europe/Berlin"), List.of(new Dimension.EventType(), new Dimension.Time(Granularity.DAY)), List.of(), parts)));
            cases.add(argumentSet(name + ", ungrouped, filtered", new AggregateQuery("default", LATE, UTC, List.of(),
                    List.of(filter(FilterOp.IS_NOT, prop("plan"), "free")), parts)));
            cases.add(argumentSet(name + ", by exit page", new AggregateQuery("default", LATE, UTC,
                    List.of(new Dimension.ExitPage()), List.of(), parts)));
        });
        return cases.stream();
    }

    /**
     * Reports whose session facts the sessions kept per hour answer (SourcePlanner.whyNotSessions): no filters; time
     * at any granularity in any zone, event type and promoted properties of a session's first event, its exit page; whole UTC hours,
     * including ranges that cut sessions at either edge.
     */
    public static Stream<Arguments> sessionCases() {
        TimeRange afternoon = new TimeRange(Instant.parse("2026-10-20T13:00:00Z"), Instant.parse("2026-10-21T02:00:00Z"));
        TimeRange threeHours = new TimeRange(Instant.parse("2026-10-20T13:00:00Z"), Instant.parse("2026-10-20T16:00:00Z"));
        List<Arguments> cases = new ArrayList<>();
        for (String zone : ZONES) {
            cases.add(argumentSet("sessions by day in " + zone, report(ALL, zone, List.of(new Dimension.Time(Granularity.DAY)))));
        }
        cases.add(argumentSet("sessions by hour through DST in New York", report(AROUND_DST, "America/New_York",
                List.of(new Dimension.Time(Granularity.HOUR)))));
        cases.add(argumentSet("sessions by minute in Kolkata", report(threeHours, "Asia/Kolkata",
                List.of(new Dimension.Time(Granularity.MINUTE)))));
        cases.add(argumentSet("sessions ungrouped, cut at both edges", report(afternoon, "UTC", List.of())));
        cases.add(argumentSet("sessions by entry type since October", report(LATE, "UTC", List.of(new Dimension.EventType()))));
        cases.add(argumentSet("sessions by entry page and country", report(ALL, "UTC", List.of(prop("path"), prop("country")))));
        cases.add(argumentSet("sessions by month and referrer", report(ALL, "America/New_York",
                List.of(new Dimension.Time(Granularity.MONTH), prop("referrer")))));
        cases.add(argumentSet("sessions by week, utm_source and country in Sydney", report(ALL, "Australia/Sydney",
                List.of(new Dimension.Time(Granularity.WEEK), prop("utm_source"), prop("country")))));
        cases.add(argumentSet("sessions by day with totals in Berlin", report(ALL, "Europe/Berlin",
                List.of(new Dimension.Time(Granularity.DAY))).withTotals()));
        cases.add(argumentSet("sessions by entry page with totals, cut at both edges", report(afternoon, "UTC",
                List.of(prop("path"))).withTotals()));
        cases.add(argumentSet("sessions by exit page", report(ALL, "UTC", List.of(new Dimension.ExitPage()))));
        cases.add(argumentSet("sessions by exit page with totals, cut at both edges", report(afternoon, "UTC",
                List.of(new Dimension.ExitPage())).withTotals()));
        cases.add(argumentSet("sessions by week, entry page and exit page in Sydney", report(ALL, "Australia/Sydney",
                List.of(new Dimension.Time(Granularity.WEEK), prop("path"), new Dimension.ExitPage()))));
        return cases.stream();
    }

    /** Reports the hourly rollup can answer (additive metrics by time and event type, whole-hour zones). */
    public static List<AggregateQuery> rollupCases() {
        return List.of(
                report(ALL, "Europe/Berlin", List.of(new Dimension.Time(Granularity.DAY))),
                report(AROUND_DST, "America/New_York", List.of(new Dimension.Time(Granularity.HOUR))),
                report(ALL, "Australia/Sydney", List.of(new Dimension.Time(Granularity.WEEK), new Dimension.EventType())),
                report(ALL, "UTC", List.of(new Dimension.EventType()), filter(FilterOp.IS_NOT, new Dimension.EventType(), "page_view")),
                report(ALL, "UTC", List.of(new Dimension.Time(Granularity.MONTH)),
                        filter(FilterOp.IS, new Dimension.EventType(), "purchase", "conversion")),
                report(ALL, "UTC", List.of()),
                // with the totals beside the groups, from the same statement
                report(ALL, "Europe/Berlin", List.of(new Dimension.Time(Granularity.DAY))).withTotals(),
                report(ALL, "UTC", List.of(new Dimension.EventType()), filter(FilterOp.IS_NOT, new Dimension.EventType(), "page_view"))
                        .withTotals());
    }

    private static FunnelQuery funnel(List<EventCriteria> steps, Duration window, TimeRange range, Dimension breakdown) {
        return new FunnelQuery("default", steps, window, range, UTC, Optional.ofNullable(breakdown));
    }

    private static final Attribution LAST_TOUCH = new Attribution.LastTouch();

    /** A funnel over {@link SameInstants}: events stamped by the minute, so steps often share an instant. */
    private static FunnelQuery byTheMinute(List<EventCriteria> steps, Duration window, Dimension breakdown) {
        return new FunnelQuery(SameInstants.PROJECT, steps, window, ALL, UTC, Optional.ofNullable(breakdown));
    }

    /** A funnel counted per interval of its step-1 events, in a zone. */
    private static FunnelQuery trend(List<EventCriteria> steps, Duration window, TimeRange range, String zone,
                                     Granularity interval, Dimension breakdown) {
        return new FunnelQuery("default", steps, window, range, ZoneId.of(zone), Optional.ofNullable(breakdown))
                .withTrend(interval);
    }

    public static Stream<Arguments> funnelCases() {
        EventCriteria view = EventCriteria.of("page_view");
        EventCriteria pricing = EventCriteria.of("page_view", filter(FilterOp.IS, prop("path"), "/pricing"));
        EventCriteria signUp = EventCriteria.of("sign_up");
        EventCriteria purchase = EventCriteria.of("purchase");
        EventCriteria conversion = EventCriteria.of("conversion");
        return Stream.of(
                argumentSet("view, sign-up, purchase in 14 days", funnel(List.of(view, signUp, purchase), Duration.ofDays(14), ALL, null)),
                argumentSet("view, sign-up, purchase with its time to convert", funnel(List.of(view, signUp, purchase),
                        Duration.ofDays(14), ALL, null).withTimeToConvert(new TimeToConvert(1, 3, 10))),
                argumentSet("pricing then conversion within an hour", funnel(List.of(pricing, conversion), Duration.ofHours(1), ALL, null)),
                argumentSet("three views in a row, by plan", funnel(List.of(view, view, view), Duration.ofMinutes(10), LATE, prop("plan"))),
                argumentSet("four steps by country", funnel(List.of(view, pricing, conversion, purchase), Duration.ofDays(3), ALL, prop("country"))),
                argumentSet("four steps by country, 90 bins from step 2", funnel(List.of(view, pricing, conversion, purchase),
                        Duration.ofDays(3), ALL, prop("country")).withTimeToConvert(new TimeToConvert(2, 4, 90))),
                argumentSet("buyers only, short window", funnel(List.of(
                        EventCriteria.of("page_view", new Filter.InCohort(BUYERS)), signUp), Duration.ofSeconds(90), ALL, null)),
                argumentSet("ten steps", funnel(List.of(view, view, view, view, view, view, view, view, view, conversion),
                        Duration.ofDays(1), LATE, null)),
                argumentSet("by the minute: view, sign-up, purchase", byTheMinute(List.of(view, signUp, purchase),
                        Duration.ofDays(14), null)),
                argumentSet("by the minute: pricing, conversion by country", byTheMinute(List.of(pricing, conversion),
                        Duration.ofMinutes(30), prop("country"))),
                argumentSet("by the minute: view, view, sign-up, view", byTheMinute(List.of(view, view, signUp, view),
                        Duration.ofHours(2), null)),
                argumentSet("by the minute: view, sign-up, purchase, 7 bins from step 2", byTheMinute(List.of(view, signUp, purchase),
                        Duration.ofDays(14), null).withTimeToConvert(new TimeToConvert(2, 3, 7))),
                argumentSet("daily trend: view, sign-up, purchase in 3 days, Berlin", trend(List.of(view, signUp, purchase),
                        Duration.ofDays(3), ALL, "Europe/Berlin", Granularity.DAY, null)),
                argumentSet("weekly trend by country around the DST change, New York", trend(List.of(view, pricing, conversion),
                        Duration.ofDays(2), AROUND_DST, "America/New_York", Granularity.WEEK, prop("country"))),
                argumentSet("hourly trend: pricing then conversion, Kolkata", trend(List.of(pricing, conversion),
                        Duration.ofHours(3), LATE, "Asia/Kolkata", Granularity.HOUR, null)),
                argumentSet("monthly trend with its time to convert, Sydney", trend(List.of(view, signUp, purchase),
                        Duration.ofDays(14), ALL, "Australia/Sydney", Granularity.MONTH, null)
                        .withTimeToConvert(new TimeToConvert(1, 3, 12))),
                argumentSet("by the minute: daily trend, view, view, sign-up", byTheMinute(List.of(view, view, signUp),
                        Duration.ofHours(6), null).withTrend(Granularity.DAY)),
                argumentSet("strict: view, view, sign-up in a day", funnel(List.of(view, view, signUp), Duration.ofDays(1), ALL, null)
                        .withOrder(StepOrder.STRICT)),
                argumentSet("strict: pricing, conversion by country with its time to convert", funnel(List.of(pricing, conversion),
                        Duration.ofHours(2), ALL, prop("country")).withOrder(StepOrder.STRICT).withTimeToConvert(new TimeToConvert(1, 2, 8))),
                argumentSet("strict by the minute: view, sign-up, purchase", byTheMinute(List.of(view, signUp, purchase),
                        Duration.ofDays(14), null).withOrder(StepOrder.STRICT)),
                argumentSet("strict weekly trend by plan, Sydney", trend(List.of(view, signUp), Duration.ofDays(2), ALL,
                        "Australia/Sydney", Granularity.WEEK, prop("plan")).withOrder(StepOrder.STRICT)),
                argumentSet("view, sign-up, purchase without a conversion between view and purchase", funnel(List.of(view, signUp,
                        purchase), Duration.ofDays(14), ALL, null).withExclusions(List.of(new FunnelExclusion(conversion, 1, 3)))),
                argumentSet("four steps by country without a sign-up from step 2 on, with its time to convert", funnel(List.of(view,
                        pricing, conversion, purchase), Duration.ofDays(3), ALL, prop("country")).withExclusions(List.of(
                        new FunnelExclusion(signUp, 2, 4), new FunnelExclusion(pricing, 3, 4))).withTimeToConvert(new TimeToConvert(1, 4, 6))),
                argumentSet("strict: view, view, sign-up without a pricing view between", funnel(List.of(view, view, signUp),
                        Duration.ofDays(1), ALL, null).withOrder(StepOrder.STRICT).withExclusions(List.of(new FunnelExclusion(pricing, 1, 3)))),
                argumentSet("by the minute: view, sign-up, purchase without a view between sign-up and purchase",
                        byTheMinute(List.of(view, signUp, purchase), Duration.ofDays(14), null)
                                .withExclusions(List.of(new FunnelExclusion(view, 2, 3)))),
                argumentSet("daily trend by country without a purchase between, Kolkata", trend(List.of(view, signUp), Duration.ofDays(1),
                        LATE, "Asia/Kolkata", Granularity.DAY, prop("country")).withExclusions(List.of(new FunnelExclusion(purchase, 1, 2)))),
                argumentSet("unordered: view, sign-up, purchase in 14 days", funnel(List.of(view, signUp, purchase), Duration.ofDays(14),
                        ALL, null).withOrder(StepOrder.UNORDERED)),
                argumentSet("unordered: purchase, sign-up, pricing by country in 3 days with its time to convert", funnel(List.of(
                        purchase, signUp, pricing), Duration.ofDays(3), ALL, prop("country")).withOrder(StepOrder.UNORDERED)
                        .withTimeToConvert(new TimeToConvert(1, 3, 9))),
                argumentSet("unordered: view, view, sign-up in an hour (a view does both first steps)", funnel(List.of(view, view,
                        signUp), Duration.ofHours(1), LATE, null).withOrder(StepOrder.UNORDERED)),
                argumentSet("unordered by the minute: conversion, pricing by goal", byTheMinute(List.of(conversion, pricing),
                        Duration.ofMinutes(30), prop("goal")).withOrder(StepOrder.UNORDERED)),
                argumentSet("unordered daily trend by plan: sign-up, view, Berlin", trend(List.of(signUp, view), Duration.ofDays(1), ALL,
                        "Europe/Berlin", Granularity.DAY, prop("plan")).withOrder(StepOrder.UNORDERED)),
                argumentSet("three views in a row by path, last touch", funnel(List.of(view, view, view), Duration.ofMinutes(10), LATE,
                        prop("path")).withAttribution(LAST_TOUCH)),
                argumentSet("four steps by country, last touch (a purchase has none)", funnel(List.of(view, pricing, conversion, purchase),
                        Duration.ofDays(3), ALL, prop("country")).withAttribution(LAST_TOUCH)),
                argumentSet("view, pricing, conversion by goal of step 3", funnel(List.of(view, pricing, conversion), Duration.ofDays(3),
                        ALL, prop("goal")).withAttribution(new Attribution.AtStep(3))),
                argumentSet("view, sign-up, purchase by event type, last touch", funnel(List.of(view, signUp, purchase),
                        Duration.ofDays(14), ALL, new Dimension.EventType()).withAttribution(LAST_TOUCH)),
                argumentSet("daily trend by path of step 2, Berlin", trend(List.of(view, view, signUp), Duration.ofDays(1), ALL,
                        "Europe/Berlin", Granularity.DAY, prop("path")).withAttribution(new Attribution.AtStep(2))),
                argumentSet("weekly trend by path, last touch, New York", trend(List.of(view, pricing, conversion), Duration.ofDays(2),
                        AROUND_DST, "America/New_York", Granularity.WEEK, prop("path")).withAttribution(LAST_TOUCH)),
                argumentSet("strict: view, view, view by path, last touch", funnel(List.of(view, view, view), Duration.ofHours(1), ALL,
                        prop("path")).withOrder(StepOrder.STRICT).withAttribution(LAST_TOUCH)),
                argumentSet("strict daily trend by path of step 2", trend(List.of(view, view, view), Duration.ofHours(1), LATE, "UTC",
                        Granularity.DAY, prop("path")).withOrder(StepOrder.STRICT).withAttribution(new Attribution.AtStep(2))),
                argumentSet("by the minute: pricing, conversion by goal, last touch", byTheMinute(List.of(pricing, conversion),
                        Duration.ofMinutes(30), prop("goal")).withAttribution(LAST_TOUCH)),
                argumentSet("four steps by path, last touch, without a sign-up from step 2 on", funnel(List.of(view, pricing,
                        conversion, purchase), Duration.ofDays(3), ALL, prop("path")).withAttribution(LAST_TOUCH)
                        .withExclusions(List.of(new FunnelExclusion(signUp, 2, 4)))),
                argumentSet("daily trend by path of step 2, without a purchase between, Kolkata", trend(List.of(view, view, signUp),
                        Duration.ofDays(1), LATE, "Asia/Kolkata", Granularity.DAY, prop("path")).withAttribution(new Attribution.AtStep(2))
                        .withExclusions(List.of(new FunnelExclusion(purchase, 1, 3)))),
                argumentSet("view, sign-up, purchase by country and utm_source", funnel(List.of(view, signUp, purchase),
                        Duration.ofDays(14), ALL, null).withBreakdown(List.of(prop("country"), prop("utm_source")))),
                argumentSet("four steps by country, path and event type, last touch", funnel(List.of(view, pricing, conversion,
                        purchase), Duration.ofDays(3), ALL, null).withBreakdown(List.of(prop("country"), prop("path"),
                        new Dimension.EventType())).withAttribution(LAST_TOUCH)),
                argumentSet("view, pricing, conversion by country and goal of step 3", funnel(List.of(view, pricing, conversion),
                        Duration.ofDays(3), ALL, null).withBreakdown(List.of(prop("country"), prop("goal")))
                        .withAttribution(new Attribution.AtStep(3))),
                argumentSet("strict: view, view, sign-up by utm_source and path", funnel(List.of(view, view, signUp), Duration.ofDays(1),
                        ALL, null).withBreakdown(List.of(prop("utm_source"), prop("path"))).withOrder(StepOrder.STRICT)),
                argumentSet("unordered: purchase, sign-up, pricing by plan and country", funnel(List.of(purchase, signUp, pricing),
                        Duration.ofDays(3), ALL, null).withBreakdown(List.of(prop("plan"), prop("country"))).withOrder(StepOrder.UNORDERED)),
                argumentSet("weekly trend by path and referrer, New York", trend(List.of(view, pricing, conversion), Duration.ofDays(2),
                        AROUND_DST, "America/New_York", Granularity.WEEK, null).withBreakdown(List.of(prop("path"), prop("referrer")))),
                argumentSet("by the minute: pricing, conversion by goal and country", byTheMinute(List.of(pricing, conversion),
                        Duration.ofMinutes(30), null).withBreakdown(List.of(prop("goal"), prop("country")))),
                argumentSet("conversions: view, sign-up, purchase in 14 days with its time to convert", funnel(List.of(view, signUp,
                        purchase), Duration.ofDays(14), ALL, null).withCounting(CONVERSIONS).withTimeToConvert(new TimeToConvert(1, 3, 10))),
                argumentSet("conversions: pricing then conversion within an hour by country", funnel(List.of(pricing, conversion),
                        Duration.ofHours(1), ALL, prop("country")).withCounting(CONVERSIONS)),
                argumentSet("conversions: four steps by path, last touch", funnel(List.of(view, pricing, conversion, purchase),
                        Duration.ofDays(3), ALL, prop("path")).withAttribution(LAST_TOUCH).withCounting(CONVERSIONS)),
                argumentSet("conversions: view, pricing, conversion by goal of step 3", funnel(List.of(view, pricing, conversion),
                        Duration.ofDays(3), ALL, prop("goal")).withAttribution(new Attribution.AtStep(3)).withCounting(CONVERSIONS)),
                argumentSet("conversions: daily trend by plan, Berlin", trend(List.of(view, signUp, purchase), Duration.ofDays(3), ALL,
                        "Europe/Berlin", Granularity.DAY, prop("plan")).withCounting(CONVERSIONS)),
                argumentSet("conversions: view, sign-up, purchase without a conversion between", funnel(List.of(view, signUp,
                        purchase), Duration.ofDays(14), ALL, null).withExclusions(List.of(new FunnelExclusion(conversion, 1, 3)))
                        .withCounting(CONVERSIONS)),
                argumentSet("conversions, strict: view, view, sign-up by path of step 2", funnel(List.of(view, view, signUp),
                        Duration.ofDays(1), ALL, prop("path")).withOrder(StepOrder.STRICT).withAttribution(new Attribution.AtStep(2))
                        .withCounting(CONVERSIONS)),
                argumentSet("conversions, strict weekly trend without a pricing view between, Sydney", trend(List.of(view, view,
                        signUp), Duration.ofDays(1), ALL, "Australia/Sydney", Granularity.WEEK, null).withOrder(StepOrder.STRICT)
                        .withExclusions(List.of(new FunnelExclusion(pricing, 1, 3))).withCounting(CONVERSIONS)),
                argumentSet("conversions by the minute: view, sign-up, purchase, 7 bins from step 2", byTheMinute(List.of(view, signUp,
                        purchase), Duration.ofDays(14), null).withCounting(CONVERSIONS).withTimeToConvert(new TimeToConvert(2, 3, 7))));
    }

    private static final FunnelCounting CONVERSIONS = FunnelCounting.CONVERSIONS;

    private static RetentionQuery retention(EventCriteria start, EventCriteria back, RetentionPeriod period, DayOfWeek weekStart,
                                            CohortMode mode, int periods, TimeRange range, String zone, ResolvedCohort population) {
        return new RetentionQuery("default", start, back, period, weekStart, mode, periods, range, ZoneId.of(zone),
                Optional.ofNullable(population));
    }

    public static Stream<Arguments> retentionCases() {
        EventCriteria view = EventCriteria.of("page_view");
        EventCriteria any = EventCriteria.anyEvent();
        return Stream.of(
                argumentSet("weekly first-time page views, any return", retention(view, any, RetentionPeriod.WEEK,
                        DayOfWeek.MONDAY, CohortMode.FIRST_TIME, 8, LATE, "Europe/Berlin", null)),
                argumentSet("daily recurring, returning to buy, New York", retention(view, EventCriteria.of("purchase"),
                        RetentionPeriod.DAY, DayOfWeek.MONDAY, CohortMode.RECURRING, 14, AROUND_DST, "America/New_York", null)),
                argumentSet("monthly sign-ups, Sydney", retention(EventCriteria.of("sign_up"), any, RetentionPeriod.MONTH,
                        DayOfWeek.MONDAY, CohortMode.FIRST_TIME, 3, ALL, "Australia/Sydney", null)),
                argumentSet("weeks from Sunday, filtered start", retention(EventCriteria.of("page_view",
                                filter(FilterOp.IS, prop("path"), "/pricing")), EventCriteria.of("conversion"),
                        RetentionPeriod.WEEK, DayOfWeek.SUNDAY, CohortMode.RECURRING, 6, ALL, "UTC", null)),
                argumentSet("buyers as the population", retention(view, any, RetentionPeriod.WEEK, DayOfWeek.MONDAY,
                        CohortMode.FIRST_TIME, 4, LATE, "Asia/Kolkata", BUYERS)),
                argumentSet("daily at a fixed +14:00", retention(view, any, RetentionPeriod.DAY, DayOfWeek.MONDAY,
                        CohortMode.RECURRING, 7, AROUND_DST, "+14:00", null)));
    }

    private static TrendSeries trendSeries(EventCriteria event, Metric metric) {
        return new TrendSeries(event, new MetricRef.Builtin(metric));
    }

    private static TrendFormula trendFormula(String expression) {
        Formula<Integer> parsed = ((Validated.Valid<Formula<Integer>>) FormulaParser.parse(expression, "expression",
                name -> Optional.of(name.charAt(0) - 'A'), "series", "A, B")).value();
        return new TrendFormula(expression, expression, parsed);
    }

    /**
     * Multi-series trends: each series is a report of its own events, so the engines count what their reports count;
     * these cases hold the whole answer (every period, the breakdown's largest values, the totals over the range and the
     * formulas) to the reference and, where {@link TrendDefinition} can work it out, to plain loops over the events, with
     * the formulas as Java arithmetic beside them.
     */
    public static Stream<Arguments> trendCases() {
        TrendSeries views = trendSeries(EventCriteria.of("page_view"), Metric.EVENTS);
        TrendSeries signUps = trendSeries(EventCriteria.of("sign_up"), Metric.VISITORS);
        TrendSeries revenue = trendSeries(EventCriteria.of("purchase"), Metric.REVENUE);
        TrendSeries buyers = trendSeries(EventCriteria.of("purchase"), Metric.VISITORS);
        return Stream.of(
                argumentSet("page views and sign-up visitors by day through DST, Berlin, B / A * 100, with the previous period",
                        new TrendQuery("default", List.of(views, signUps), List.of(trendFormula("B / A * 100")), List.of(),
                                Granularity.DAY, LATE, ZoneId.of("Europe/Berlin"), List.of(), 25,
                                Optional.of(Compare.PREVIOUS_PERIOD)),
                        List.of(new TrendDefinition.TwoSeriesFormula("B / A * 100", (a, b) -> b / a * 100))),
                argumentSet("revenue and buyers by week and country (3 largest), New York, A / B, with the previous period",
                        new TrendQuery("default", List.of(revenue, buyers), List.of(trendFormula("A / B")), List.of(),
                                Granularity.WEEK, LATE, ZoneId.of("America/New_York"), List.of(prop("country")), 3,
                                Optional.of(Compare.PREVIOUS_PERIOD)),
                        List.of(new TrendDefinition.TwoSeriesFormula("A / B", (a, b) -> a / b))),
                argumentSet("any event's visitors and German page views by hour around DST, team plan, Kolkata",
                        new TrendQuery("default", List.of(trendSeries(EventCriteria.anyEvent(), Metric.VISITORS),
                                trendSeries(EventCriteria.of("page_view", filter(FilterOp.IS, prop("country"), "DE")), Metric.EVENTS)),
                                List.of(trendFormula("A - B")), List.of(filter(FilterOp.IS, prop("plan"), "team")), Granularity.HOUR,
                                AROUND_DST, ZoneId.of("Asia/Kolkata"), Optional.empty(), 25),
                        List.of(new TrendDefinition.TwoSeriesFormula("A - B", (a, b) -> a - b))),
                argumentSet("page views and sign-ups by month and plan (missing plans among them), Sydney",
                        new TrendQuery("default", List.of(views, signUps), List.of(), List.of(), Granularity.MONTH, ALL,
                                ZoneId.of("Australia/Sydney"), Optional.of(prop("plan")), 2),
                        List.of()),
                argumentSet("sessions, bounce rate and converted visitors by day and type, by path, UTC (reference only)",
                        new TrendQuery("default", List.of(trendSeries(EventCriteria.anyEvent(), Metric.SESSIONS),
                                trendSeries(EventCriteria.anyEvent(), Metric.BOUNCE_RATE),
                                trendSeries(EventCriteria.of("page_view"), Metric.CONVERSION_RATE)),
                                List.of(trendFormula("A * B / 100")), List.of(), Granularity.DAY, LATE, UTC,
                                Optional.of(prop("path")), 4),
                        List.of()),
                argumentSet("visitors and sessions by day and channel (4 largest), Berlin (reference only)",
                        new TrendQuery("default", List.of(trendSeries(EventCriteria.anyEvent(), Metric.VISITORS),
                                trendSeries(EventCriteria.of("page_view"), Metric.SESSIONS)),
                                List.of(), List.of(), Granularity.DAY, LATE, ZoneId.of("Europe/Berlin"),
                                Optional.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL)), 4),
                        List.of()),
                argumentSet("page views and sign-up visitors by week of visits entering on pricing, New York (reference only)",
                        new TrendQuery("default", List.of(views, signUps), List.of(trendFormula("B / A * 100")),
                                List.of(visit(FilterOp.IS, new Dimension.EntryPage(), "/pricing")), Granularity.WEEK, LATE,
                                ZoneId.of("America/New_York"), Optional.empty(), 25),
                        List.of()),
                argumentSet("page views and sign-up visitors by week, country and plan (6 largest), Berlin, B / A * 100",
                        new TrendQuery("default", List.of(views, signUps), List.of(trendFormula("B / A * 100")), List.of(),
                                Granularity.WEEK, LATE, ZoneId.of("Europe/Berlin"), List.of(prop("country"), prop("plan")), 6,
                                Optional.empty()),
                        List.of(new TrendDefinition.TwoSeriesFormula("B / A * 100", (a, b) -> b / a * 100))),
                argumentSet("revenue and page views by week, plan, country and path (missing among them), with the previous period",
                        new TrendQuery("default", List.of(revenue, views), List.of(), List.of(), Granularity.WEEK, LATE, UTC,
                                List.of(prop("plan"), prop("country"), prop("path")), 8, Optional.of(Compare.PREVIOUS_PERIOD)),
                        List.of()),
                argumentSet("visitors by day, channel and plan (5 largest), Kolkata (reference only)",
                        new TrendQuery("default", List.of(trendSeries(EventCriteria.anyEvent(), Metric.VISITORS)), List.of(),
                                List.of(), Granularity.DAY, LATE, ZoneId.of("Asia/Kolkata"),
                                List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL), prop("plan")),
                                5, Optional.empty()),
                        List.of()));
    }

    /** A goal filter as a request resolves it: the goals' names and criteria. */
    private static Filter.GoalMatch goals(FilterOp op, Goal... goals) {
        return new Filter.GoalMatch(op, Arrays.stream(goals).map(Goal::name).toList(), Arrays.stream(goals).map(Goal::criteria).toList());
    }

    private static Goal pageGoal(String name, String pattern) {
        return new Goal(name, "", new Goal.PageVisit(new PagePattern(pattern)), List.of());
    }

    /**
     * Goal conversions: page goals with each wildcard (and one nobody reaches), custom-event goals with and without a
     * filter, with the same goals as Java tests beside them ({@link ConversionsDefinition}); in three zones and ranges,
     * one with a filter on every event.
     */
    public static Stream<Arguments> conversionsCases() {
        List<Goal> goals = List.of(pageGoal("docs_pages", "/docs/**"), pageGoal("blog_home", "/blog*"),
                pageGoal("any_launch", "/*/launch"), pageGoal("nowhere", "/nope/**"),
                new Goal("team_sign_up", "", new Goal.CustomEvent("sign_up"), List.of(filter(FilterOp.IS, prop("plan"), "team"))),
                new Goal("purchase", "", new Goal.CustomEvent("purchase"), List.of()));
        List<ConversionsDefinition.GoalTest> tests = List.of(
                new ConversionsDefinition.GoalTest("docs_pages", e -> startsWith(ConversionsDefinition.path(e), "/docs/")),
                new ConversionsDefinition.GoalTest("blog_home", e -> "/blog".equals(ConversionsDefinition.path(e))),
                new ConversionsDefinition.GoalTest("any_launch", e -> "/blog/launch".equals(ConversionsDefinition.path(e))),
                new ConversionsDefinition.GoalTest("nowhere", e -> false),
                new ConversionsDefinition.GoalTest("team_sign_up", e -> e.eventType().equals("sign_up")
                        && e.properties().containsKey("plan") && e.properties().get("plan").text().equals("team")),
                new ConversionsDefinition.GoalTest("purchase", e -> e.eventType().equals("purchase")));
        return Stream.of(
                argumentSet("every goal over all the data, UTC", new ConversionsQuery("default", goals, List.of(), ALL, UTC), tests),
                argumentSet("German visitors since October, Berlin", new ConversionsQuery("default", goals,
                        List.of(filter(FilterOp.IS, prop("country"), "DE")), LATE, ZoneId.of("Europe/Berlin")), tests),
                argumentSet("an odd range, Kolkata", new ConversionsQuery("default", goals, List.of(), ODD,
                        ZoneId.of("Asia/Kolkata")), tests));
    }

    /**
     * Reports with engagement event types (sign-ups and purchases: events in the middle and at the end of sessions,
     * purchases with revenue): by event and by session dimensions, under event-selecting and visit filters, and a case
     * whose selected events are all engagement events (visitors and sessions none).
     */
    public static Stream<Arguments> engagementCases() {
        Set<String> both = Set.of("sign_up", "purchase");
        return Stream.of(
                argumentSet("by day, sign-ups and purchases engaging", report(ALL, "UTC", List.of(new Dimension.Time(Granularity.DAY)))
                        .withEngagement(both)),
                argumentSet("by exit page in Berlin, no conversions, sign-ups engaging", report(LATE, "Europe/Berlin",
                        List.of(new Dimension.ExitPage()), filter(FilterOp.IS_NOT, new Dimension.EventType(), "conversion"))
                        .withEngagement(Set.of("sign_up"))),
                argumentSet("purchases alone by entry page and country, all engaging", report(ALL, "UTC",
                        List.of(new Dimension.EntryPage(), prop("country")), filter(FilterOp.IS, new Dimension.EventType(), "purchase"))
                        .withEngagement(both)),
                argumentSet("by source, Kolkata, purchases engaging", report(ODD, "Asia/Kolkata",
                        List.of(new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.SOURCE))).withEngagement(Set.of("purchase"))),
                argumentSet("visits from search on the pricing page by type, sign-ups engaging", report(ALL, "UTC",
                        List.of(new Dimension.EventType()), visit(FilterOp.IS, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL),
                                "Organic Search"), filter(FilterOp.IS, prop("path"), "/pricing")).withEngagement(Set.of("sign_up"))));
    }

    /**
     * A report by goal and country over all the data: four goals, one of them (every page) overlapping the two page
     * goals, so many events count in two rows; with the plain Java test of each goal.
     */
    public static Stream<Arguments> goalBreakdownCase() {
        List<Goal> goals = List.of(pageGoal("docs_pages", "/docs/**"), pageGoal("any_launch", "/*/launch"),
                pageGoal("every_page", "/**"), new Goal("purchase", "", new Goal.CustomEvent("purchase"), List.of()));
        List<ConversionsDefinition.GoalTest> tests = List.of(
                new ConversionsDefinition.GoalTest("docs_pages", e -> startsWith(ConversionsDefinition.path(e), "/docs/")),
                new ConversionsDefinition.GoalTest("any_launch", e -> "/blog/launch".equals(ConversionsDefinition.path(e))),
                new ConversionsDefinition.GoalTest("every_page", e -> startsWith(ConversionsDefinition.path(e), "/")),
                new ConversionsDefinition.GoalTest("purchase", e -> e.eventType().equals("purchase")));
        return Stream.of(argumentSet("by goal and country, UTC", report(ALL, "UTC", List.of(Goal.dimension(goals), prop("country"))), tests));
    }

    /**
     * Reports by goal held to the reference alone: along time in Berlin with an event filter (in one pass), by entry
     * page (a session's value: a report per goal) with engagement events, by event type under a visit filter.
     */
    public static Stream<Arguments> goalCases() {
        Dimension.Goal goals = Goal.dimension(List.of(pageGoal("docs_pages", "/docs/**"), pageGoal("every_page", "/**"),
                new Goal("team_sign_up", "", new Goal.CustomEvent("sign_up"), List.of(filter(FilterOp.IS, prop("plan"), "team")))));
        return Stream.of(
                argumentSet("by day and goal in Berlin, German events", report(LATE, "Europe/Berlin",
                        List.of(new Dimension.Time(Granularity.DAY), goals), filter(FilterOp.IS, prop("country"), "DE"))),
                argumentSet("by goal and entry page, sign-ups engaging", report(ALL, "UTC", List.of(goals, new Dimension.EntryPage()))
                        .withEngagement(Set.of("sign_up"))),
                argumentSet("by type and goal, visits from search", report(ODD, "Asia/Kolkata", List.of(new Dimension.EventType(), goals),
                        visit(FilterOp.IS, new Dimension.VisitOrigin(Dimension.VisitOrigin.Part.CHANNEL), "Organic Search"))));
    }

    private static boolean startsWith(String text, String prefix) {
        return text != null && text.startsWith(prefix);
    }

    /** Every interval, six zones (a fixed offset among them), a filter and any event, through the DST change and at odd edges. */
    public static Stream<Arguments> stickinessCases() {
        EventCriteria view = EventCriteria.of("page_view");
        return Stream.of(
                argumentSet("days of page views, Berlin", new StickinessQuery("default", view, Granularity.DAY, ALL,
                        ZoneId.of("Europe/Berlin"))),
                argumentSet("hours of any event around the DST change, New York", new StickinessQuery("default",
                        EventCriteria.anyEvent(), Granularity.HOUR, AROUND_DST, ZoneId.of("America/New_York"))),
                argumentSet("weeks of pricing views, Kolkata", new StickinessQuery("default", EventCriteria.of("page_view",
                        filter(FilterOp.IS, prop("path"), "/pricing")), Granularity.WEEK, ALL, ZoneId.of("Asia/Kolkata"))),
                argumentSet("months of purchases, Sydney", new StickinessQuery("default", EventCriteria.of("purchase"),
                        Granularity.MONTH, ALL, ZoneId.of("Australia/Sydney"))),
                argumentSet("days cut at both edges, buyers' views, UTC", new StickinessQuery("default",
                        EventCriteria.of("page_view", new Filter.InCohort(BUYERS)), Granularity.DAY, ODD, UTC)),
                argumentSet("days at a fixed +14:00", new StickinessQuery("default", view, Granularity.DAY, LATE,
                        ZoneId.of("+14:00"))));
    }

    /** Every interval, six zones (a fixed offset among them), a filter, a cohort and any event, the first interval cut by the range or not. */
    public static Stream<Arguments> lifecycleCases() {
        EventCriteria view = EventCriteria.of("page_view");
        return Stream.of(
                argumentSet("days of page views since October, Berlin", new LifecycleQuery("default", view, Granularity.DAY,
                        LATE, ZoneId.of("Europe/Berlin"))),
                argumentSet("hours of any event around the DST change, New York", new LifecycleQuery("default",
                        EventCriteria.anyEvent(), Granularity.HOUR, AROUND_DST, ZoneId.of("America/New_York"))),
                argumentSet("weeks of pricing views, Kolkata", new LifecycleQuery("default", EventCriteria.of("page_view",
                        filter(FilterOp.IS, prop("path"), "/pricing")), Granularity.WEEK, ALL, ZoneId.of("Asia/Kolkata"))),
                argumentSet("months of any event, Sydney", new LifecycleQuery("default", EventCriteria.anyEvent(),
                        Granularity.MONTH, ALL, ZoneId.of("Australia/Sydney"))),
                argumentSet("hours cut at both edges, buyers' views, UTC", new LifecycleQuery("default",
                        EventCriteria.of("page_view", new Filter.InCohort(BUYERS)), Granularity.HOUR, ODD, UTC)),
                argumentSet("days at a fixed +14:00", new LifecycleQuery("default", view, Granularity.DAY, AROUND_DST,
                        ZoneId.of("+14:00"))));
    }

    public static Stream<Arguments> pathsCases() {
        return Stream.of(
                argumentSet("next pages after pricing", new PathsQuery("default", EventCriteria.of("page_view",
                        filter(FilterOp.IS, prop("path"), "/pricing")), PathDirection.NEXT, 3, 5, prop("path"), ALL, UTC)),
                argumentSet("what came before a purchase", new PathsQuery("default", EventCriteria.of("purchase"),
                        PathDirection.PREVIOUS, 5, 10, new Dimension.EventType(), ALL, UTC)),
                argumentSet("after a sign-up, referrers", new PathsQuery("default", EventCriteria.of("sign_up"),
                        PathDirection.NEXT, 2, 3, prop("referrer"), LATE, UTC)));
    }
}
