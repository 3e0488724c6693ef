package io.tally.adapter.out.documents;

import io.tally.application.port.in.ReportSection;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PDF report of chart-ready answers (Apache PDFBox). Each section (one answer, or one widget of a dashboard) starts
 * a page with its title, the question in words (over as many lines as the page's width needs), a chart for time series
 * and funnels (JFreeChart), then its table over as many A4 pages as it needs, the header repeated; a funnel with a
 * trend has its trend's table after the steps. A multi-series trend (its {@code lines} along its {@code periods}) has a
 * line chart of its first lines, a table of its lines with their totals, then their values per period in tables of a
 * few lines each, as many as its lines need; compared with an earlier range, its lines' table has their totals there
 * and the change beside their own. Goal conversions have a bar chart of each goal's converting visitors and their table,
 * the question naming the goals and the visitors the rates are over. An answer along time with annotations in its
 * range lists them in a last table.
 * Pages are numbered through the document.
 * The font (Liberation Sans, shipped inside PDFBox) is embedded, so the report reads the same everywhere.
 */
final class PdfReport {

    private static final float MARGIN = 40;
    private static final float ROW = 12;
    private static final float TEXT = 8;
    private static final float QUESTION = 9;
    private static final float QUESTION_LINE = 11;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final int CHART_WIDTH = 1030;
    private static final int CHART_HEIGHT = 420;
    /** The trend's table: the columns of a funnel's trend entries that fit one line each (users per step do not). */
    private static final List<String> TREND_COLUMNS = List.of("period", "entered", "converted", "conversion_rate");
    /** A multi-series trend's lines per table of values: with the period, seven columns as wide as a value needs. */
    private static final int LINES_PER_TABLE = 6;
    /** The lines a multi-series trend's chart draws at most; more would be a tangle no legend can name. */
    private static final int CHARTED_LINES = 10;

    private PdfReport() {
    }

    /** One table of a section; every table after the first has a caption, on a line of its own after a blank one. */
    private record Table(Optional<String> caption, List<String> header, List<List<Object>> rows) {

        /** The lines the table's start takes before its rows: the blank line and the caption, then the header. */
        int opening() {
            return caption.isPresent() ? 3 : 1;
        }
    }

    /** The rows {@code from} (included) to {@code to} of a table that one page shows, under the table's header. */
    private record Slice(Table table, int from, int to) {
    }

    /** One section's layout: the question's lines in words, its chart, its pages. */
    private record Laid(ReportSection section, List<String> question, Optional<BufferedImage> image, List<List<Slice>> pages) {
    }

    static byte[] render(String title, List<ReportSection> sections) {
        System.setProperty("java.awt.headless", "true");
        try (PDDocument document = new PDDocument(); InputStream fontFile = PDDocument.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            PDFont font = PDType0Font.load(document, fontFile);
            float top = PAGE.getHeight() - MARGIN;
            int otherPageLines = (int) ((top - MARGIN - 20) / ROW);
            List<Laid> laid = new ArrayList<>();
            int total = 0;
            for (ReportSection section : sections) {
                List<Table> tables = tables(section.chart());
                Table first = tables.getFirst();
                Optional<BufferedImage> image = isLines(section.chart()) ? linesImage(section.title(), section.chart())
                        : chartImage(section.title(), first.header(), first.rows());
                List<String> question = wrapped(font, words(section.chart(), first.header()));
                float firstTableTop = top - (total == 0 && sections.size() > 1 ? 74 : 50) - (question.size() - 1) * QUESTION_LINE
                        - (image.isPresent() ? CHART_HEIGHT / 2f + 16 : 0);
                int firstPageLines = Math.max(1, (int) ((firstTableTop - MARGIN - 20) / ROW));
                List<List<Slice>> pages = pages(tables, firstPageLines, otherPageLines);
                laid.add(new Laid(section, question, image, pages));
                total += pages.size();
            }
            int pageNumber = 0;
            for (Laid section : laid) {
                for (int page = 1; page <= section.pages().size(); page++) {
                    pageNumber++;
                    PDPage pdfPage = new PDPage(PAGE);
                    document.addPage(pdfPage);
                    try (PDPageContentStream out = new PDPageContentStream(document, pdfPage)) {
                        float y = top;
                        if (pageNumber == 1 && sections.size() > 1) {
                            text(out, font, 20, MARGIN, y - 20, title);
                            y -= 24;
                        }
                        if (page == 1) {
                            text(out, font, 16, MARGIN, y - 16, sections.size() > 1 ? section.section().title() : title);
                            for (int line = 0; line < section.question().size(); line++) {
                                text(out, font, QUESTION, MARGIN, y - 32 - line * QUESTION_LINE, section.question().get(line));
                            }
                            y -= 50 + (section.question().size() - 1) * QUESTION_LINE;
                            if (section.image().isPresent()) {
                                PDImageXObject picture = LosslessFactory.createFromImage(document, section.image().get());
                                out.drawImage(picture, MARGIN, y - CHART_HEIGHT / 2f, CHART_WIDTH / 2f, CHART_HEIGHT / 2f);
                                y -= CHART_HEIGHT / 2f + 16;
                            }
                        }
                        for (Slice slice : section.pages().get(page - 1)) {
                            y = table(out, font, y, slice);
                        }
                        text(out, font, TEXT, MARGIN, MARGIN / 2, "Tally · page " + pageNumber + " of " + total);
                    }
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the PDF report could not be written", e);
        }
    }

    /** The answer's tables, then its annotations when its meta lists any. */
    @SuppressWarnings("unchecked")
    private static List<Table> tables(Map<String, Object> chart) {
        List<Table> tables = new ArrayList<>(isLines(chart) ? lineTables(chart) : answerTables(chart));
        Map<String, Object> meta = (Map<String, Object>) chart.getOrDefault("meta", Map.of());
        if (meta.get("annotations") instanceof List<?> annotations && !annotations.isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (Object annotation : annotations) {
                Map<String, Object> note = (Map<String, Object>) annotation;
                rows.add(Arrays.asList(note.get("at"), note.get("text")));
            }
            tables.add(new Table(Optional.of("Annotations in the range, oldest first (their moment in UTC)"),
                    List.of("at", "text"), rows));
        }
        return tables;
    }

    /** A funnel's time-to-convert histogram: one row per bin, its bounds in seconds. */
    private static final List<String> HISTOGRAM_COLUMNS = List.of("from_seconds", "to_seconds", "users");

    /**
     * The answer's table, then a funnel's trend when it has one (one row per interval), then its time-to-convert
     * histogram when it has one (one row per bin).
     */
    @SuppressWarnings("unchecked")
    private static List<Table> answerTables(Map<String, Object> chart) {
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(Optional.empty(), header(chart), rows(chart)));
        if (chart.get("trend") instanceof List<?> trend) {
            List<List<Object>> rows = new ArrayList<>();
            for (Object interval : trend) {
                Map<String, Object> entry = (Map<String, Object>) interval;
                rows.add(TREND_COLUMNS.stream().map(entry::get).toList());
            }
            Map<String, Object> meta = (Map<String, Object>) chart.getOrDefault("meta", Map.of());
            tables.add(new Table(Optional.of("Trend by " + meta.get("interval") + ": the users entering the funnel in each"
                    + " interval (its start in UTC) and those of them reaching the last step"), TREND_COLUMNS, rows));
        }
        if (chart.get("time_to_convert") instanceof Map<?, ?> times) {
            List<List<Object>> rows = new ArrayList<>();
            for (Object bin : (List<?>) times.get("histogram")) {
                Map<String, Object> entry = (Map<String, Object>) bin;
                rows.add(HISTOGRAM_COLUMNS.stream().map(entry::get).toList());
            }
            Object mean = times.get("mean_seconds");
            tables.add(new Table(Optional.of("Time to convert from step " + times.get("from_step") + " to step "
                    + times.get("to_step") + ": " + times.get("users") + " users" + (mean == null ? "" : ", mean "
                    + String.format(Locale.ROOT, "%.1f", ((Number) mean).doubleValue()) + " s") + "; each bin from its"
                    + " first second, up to its last (excluded)"), HISTOGRAM_COLUMNS, rows));
        }
        return tables;
    }

    /** A multi-series trend's answer: lines (each with its values along the periods) rather than a table to print. */
    private static boolean isLines(Map<String, Object> chart) {
        return chart.get("lines") instanceof List<?> && chart.get("periods") instanceof List<?>;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(Map<String, Object> chart) {
        return (List<Map<String, Object>>) chart.get("lines");
    }

    /** A line as a column header names it: its name, and its breakdown values when the trend has a breakdown. */
    private static String label(Map<String, Object> line) {
        if (!brokenDown(line)) {
            return String.valueOf(line.get("name"));
        }
        return line.get("name") + " · " + breakdownText(line);
    }

    private static boolean brokenDown(Map<String, Object> line) {
        return line.containsKey("breakdown_values") || line.containsKey("breakdown_value");
    }

    /** A line's breakdown values as text, one per dimension joined by " / ", "(none)" for a missing one. */
    private static String breakdownText(Map<String, Object> line) {
        List<?> values = line.get("breakdown_values") instanceof List<?> list ? list
                : Collections.singletonList(line.get("breakdown_value"));
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value == null ? "(none)" : value.toString()));
        return String.join(" / ", texts);
    }

    /** What a line counts: a series' metric of its event, or a formula's expression. */
    private static String counts(Map<String, Object> line) {
        if ("formula".equals(line.get("kind"))) {
            return String.valueOf(line.get("expression"));
        }
        Object event = line.get("event");
        return line.get("metric") + " of " + (event == null ? "any event" : event);
    }

    /**
     * The periods' local starts, short enough for a column: the date, and the time for hours and minutes. The hour
     * repeated when clocks go back is two periods: the second time it shows its offset instead of its year.
     */
    @SuppressWarnings("unchecked")
    private static List<String> periods(Map<String, Object> chart) {
        Object interval = ((Map<String, Object>) chart.getOrDefault("meta", Map.of())).get("interval");
        boolean clock = "minute".equals(interval) || "hour".equals(interval);
        List<String> shown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object start : (List<Object>) chart.get("periods")) {
            String text = String.valueOf(start);
            if (!isTime(text)) {
                shown.add(text);
            } else if (!clock) {
                shown.add(text.substring(0, 10));
            } else {
                String local = text.substring(0, 16).replace('T', ' ');
                shown.add(seen.add(local) ? local : local.substring(5) + text.substring(19).replace("Z", "+00:00"));
            }
        }
        return shown;
    }

    /**
     * A multi-series trend's tables: its lines with what each counts and its total, then the values per period, a few
     * lines to a table (a table as wide as the page holds {@value #LINES_PER_TABLE} lines beside the period).
     */
    @SuppressWarnings("unchecked")
    private static List<Table> lineTables(Map<String, Object> chart) {
        Map<String, Object> meta = (Map<String, Object>) chart.getOrDefault("meta", Map.of());
        List<Map<String, Object>> lines = lines(chart);
        boolean breakdown = lines.stream().anyMatch(PdfReport::brokenDown);
        boolean compared = lines.stream().anyMatch(line -> line.get("previous") instanceof Map<?, ?>);
        List<String> header = new ArrayList<>(List.of("line"));
        if (breakdown) {
            header.add("breakdown_value");
        }
        header.addAll(List.of("counts", "total"));
        if (compared) {
            header.addAll(List.of("previous_total", "change_percent"));
        }
        List<List<Object>> legend = new ArrayList<>();
        for (Map<String, Object> line : lines) {
            List<Object> row = new ArrayList<>();
            row.add(line.get("name"));
            if (breakdown) {
                row.add(breakdownText(line));
            }
            row.add(counts(line));
            row.add(line.get("total"));
            if (compared) {
                Map<String, Object> previous = (Map<String, Object>) line.getOrDefault("previous", Map.of());
                row.add(previous.get("total"));
                row.add(previous.get("total_change_percent"));
            }
            legend.add(row);
        }
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(Optional.empty(), header, legend));
        List<String> periods = periods(chart);
        for (int from = 0; from < lines.size(); from += LINES_PER_TABLE) {
            List<Map<String, Object>> some = lines.subList(from, Math.min(lines.size(), from + LINES_PER_TABLE));
            List<String> columns = new ArrayList<>();
            columns.add("period");
            some.forEach(line -> columns.add(label(line)));
            List<List<Object>> rows = new ArrayList<>();
            for (int p = 0; p < periods.size(); p++) {
                List<Object> row = new ArrayList<>();
                row.add(periods.get(p));
                for (Map<String, Object> line : some) {
                    row.add(((List<Object>) line.get("values")).get(p));
                }
                rows.add(row);
            }
            String which = lines.size() <= LINES_PER_TABLE ? "each line's value"
                    : "lines " + (from + 1) + " to " + (from + some.size()) + " of " + lines.size() + ", each one's value";
            tables.add(new Table(Optional.of("By " + meta.get("interval") + ": " + which + " in each period (its start, local time)"),
                    columns, rows));
        }
        return tables;
    }

    /** A line chart of a multi-series trend's first lines along its periods; gaps where a value is undefined. */
    @SuppressWarnings("unchecked")
    private static Optional<BufferedImage> linesImage(String title, Map<String, Object> chart) {
        List<String> periods = periods(chart);
        List<Map<String, Object>> lines = lines(chart);
        if (periods.isEmpty() || lines.isEmpty()) {
            return Optional.empty();
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map<String, Object> line : lines.subList(0, Math.min(CHARTED_LINES, lines.size()))) {
            List<Object> values = (List<Object>) line.get("values");
            for (int p = 0; p < periods.size(); p++) {
                data.addValue(values.get(p) instanceof Number n ? n : null, label(line), periods.get(p));
            }
        }
        JFreeChart drawn = ChartFactory.createLineChart(title, "period", "", data, PlotOrientation.VERTICAL, true, false, false);
        return Optional.of(drawn.createBufferedImage(CHART_WIDTH, CHART_HEIGHT));
    }

    /**
     * The tables cut into pages of so many lines, the first page's after the section's title and chart: each table
     * starts with its caption and header and at least one row on a page (or moves to the next), and goes on on the
     * next pages with its header repeated.
     */
    private static List<List<Slice>> pages(List<Table> tables, int firstPageLines, int otherPageLines) {
        List<List<Slice>> pages = new ArrayList<>();
        List<Slice> page = new ArrayList<>();
        int left = firstPageLines;
        for (Table table : tables) {
            int next = 0;
            while (true) {
                int opening = next == 0 ? table.opening() : 1;
                if (page.isEmpty() || left >= opening + Math.min(1, table.rows().size() - next)) {
                    int count = Math.clamp(left - opening, 0, table.rows().size() - next);
                    page.add(new Slice(table, next, next + count));
                    left -= opening + count;
                    next += count;
                    if (next == table.rows().size()) {
                        break;
                    }
                }
                pages.add(page);
                page = new ArrayList<>();
                left = otherPageLines;
            }
        }
        pages.add(page);
        return pages;
    }

    @SuppressWarnings("unchecked")
    private static List<String> header(Map<String, Object> chart) {
        List<String> names = new ArrayList<>();
        for (Object column : (List<Object>) chart.get("columns")) {
            names.add(String.valueOf(column instanceof Map<?, ?> m ? m.get("name") : column));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(Map<String, Object> chart) {
        return (List<List<Object>>) (List<?>) chart.get("rows");
    }

    /** The breakdown's dimensions, joined by commas ({@code breakdowns}, else the one {@code breakdown}). */
    private static String dimensions(Map<String, Object> meta) {
        return meta.get("breakdowns") instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(meta.get("breakdown"));
    }

    /**
     * The question in words: what is counted, of which event, by which interval, in which step order, without which
     * excluded events, over which range and zone.
     */
    @SuppressWarnings("unchecked")
    private static String words(Map<String, Object> chart, List<String> header) {
        Map<String, Object> meta = (Map<String, Object>) chart.getOrDefault("meta", Map.of());
        StringBuilder words = new StringBuilder(isLines(chart) ? lineWords(chart)
                : isConversions(chart, header) ? conversionWords(chart) : String.join(", ", header));
        if (meta.containsKey("event")) {
            words.append(" of ").append(meta.get("event"));
        }
        if (meta.containsKey("interval") && !chart.containsKey("trend")) { // a funnel's trend has its own caption
            words.append(" by ").append(meta.get("interval"));
        }
        if (meta.containsKey("breakdown_limit")) {
            words.append(" and ").append(dimensions(meta)).append(" (the ").append(meta.get("breakdown_limit"))
                    .append(" values with the largest totals of each series)");
        }
        if (isLines(chart) && lines(chart).size() > CHARTED_LINES) {
            words.append(", the chart showing the first ").append(CHARTED_LINES).append(" of ").append(lines(chart).size())
                    .append(" lines");
        }
        if ("last_touch".equals(meta.get("breakdown_attribution"))) {
            words.append(", each user in the group of their furthest step's ").append(dimensions(meta));
        } else if ("step".equals(meta.get("breakdown_attribution"))) {
            words.append(", each user in the group of their step ").append(meta.get("breakdown_attribution_step")).append(" ")
                    .append(dimensions(meta));
        }
        if ("conversions".equals(meta.get("counting"))) {
            words.append(", counting every attempt (a user converting twice counts twice)");
        }
        if ("strict".equals(meta.get("step_order"))) {
            words.append(", each step the user's very next event");
        }
        if ("unordered".equals(meta.get("step_order"))) {
            words.append(", the steps in any order (row k: k of them done)");
        }
        if (meta.get("exclusions") instanceof List<?> exclusions) {
            for (Object exclusion : exclusions) {
                Map<String, Object> x = (Map<String, Object>) exclusion;
                words.append(", without ").append(x.get("event")).append(" between steps ").append(x.get("from_step"))
                        .append(" and ").append(x.get("to_step"));
            }
        }
        Object range = meta.get("date_range");
        if (range instanceof Map<?, ?> r) {
            words.append(" from ").append(r.get("from")).append(" to ").append(r.get("to"));
        } else if (meta.containsKey("from")) {
            words.append(" from ").append(meta.get("from")).append(" to ").append(meta.get("to"));
        }
        if (meta.containsKey("timezone")) {
            words.append(" (").append(meta.get("timezone")).append(")");
        }
        if (meta.get("previous_date_range") instanceof Map<?, ?> previous) {
            words.append(", compared with the ").append(String.valueOf(meta.get("compare")).replace('_', ' ')).append(" from ")
                    .append(previous.get("from")).append(" to ").append(previous.get("to"));
        }
        return words.toString();
    }

    /** A multi-series trend's series and formulas, once each whatever the breakdown: "A: events of page_view, …". */
    private static String lineWords(Map<String, Object> chart) {
        List<String> named = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (Map<String, Object> line : lines(chart)) {
            String name = String.valueOf(line.get("name"));
            if (!named.contains(name)) {
                named.add(name);
                String counts = counts(line);
                words.add(name.equals(counts) ? counts : name + ": " + counts);
            }
        }
        return words.isEmpty() ? "no lines (nothing was counted)" : String.join(", ", words);
    }

    /** Goal conversions: a row per goal, and the visitors of the range its rates are over. */
    private static boolean isConversions(Map<String, Object> chart, List<String> header) {
        return !header.isEmpty() && header.getFirst().equals("goal") && chart.get("visitors") instanceof Number;
    }

    /** "visitors, events, conversion_rate (in percent of the range's 12 visitors) and revenue of the goals a, b". */
    private static String conversionWords(Map<String, Object> chart) {
        List<String> goals = rows(chart).stream().map(row -> String.valueOf(row.getFirst())).toList();
        if (goals.isEmpty()) {
            return "goal conversions of no goals (none is saved)";
        }
        return "visitors, events, conversion_rate (in percent of the range's " + chart.get("visitors") + " visitors) and revenue"
                + (goals.size() == 1 ? " of the goal " : " of the goals ") + String.join(", ", goals);
    }

    /** The question's words broken between words into lines as wide as the page allows (a longer word has its own line). */
    private static List<String> wrapped(PDFont font, String words) throws IOException {
        float width = PAGE.getWidth() - 2 * MARGIN;
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : words.split(" ")) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && font.getStringWidth(printable(font, longer)) / 1000 * QUESTION > width) {
                lines.add(line);
                line = word;
            } else {
                line = longer;
            }
        }
        lines.add(line);
        return lines;
    }

    /**
     * A line chart when the first column is time and the others are numbers; a bar chart of a funnel's users, or of the
     * visitors reaching each goal.
     */
    private static Optional<BufferedImage> chartImage(String title, List<String> header, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        JFreeChart chart;
        int users = header.indexOf("users");
        if (header.contains("step") && users >= 0) {
            for (List<Object> row : rows) {
                data.addValue(number(row.get(users)), "users", row.get(0) + ". " + row.get(1));
            }
            chart = ChartFactory.createBarChart(title, "step", "users", data, PlotOrientation.VERTICAL, false, false, false);
        } else if (header.getFirst().equals("goal") && header.contains("visitors")) {
            int visitors = header.indexOf("visitors");
            for (List<Object> row : rows) {
                data.addValue(number(row.get(visitors)), "visitors", String.valueOf(row.getFirst()));
            }
            chart = ChartFactory.createBarChart(title, "goal", "visitors", data, PlotOrientation.VERTICAL, false, false, false);
        } else if (isTime(rows.getFirst().getFirst()) && rows.stream().allMatch(r -> r.subList(1, r.size()).stream()
                .allMatch(c -> c == null || c instanceof Number))) {
            for (List<Object> row : rows) {
                for (int k = 1; k < row.size(); k++) {
                    String when = String.valueOf(row.getFirst()).substring(5, 16).replace('T', ' '); // MM-dd HH:mm
                    data.addValue(number(row.get(k)), header.get(k), when);
                }
            }
            chart = ChartFactory.createLineChart(title, "time", "", data, PlotOrientation.VERTICAL, true, false, false);
        } else {
            return Optional.empty();
        }
        return Optional.of(chart.createBufferedImage(CHART_WIDTH, CHART_HEIGHT));
    }

    private static boolean isTime(Object cell) {
        return cell instanceof String s && s.length() >= 19 && s.charAt(4) == '-' && s.charAt(10) == 'T';
    }

    private static Number number(Object cell) {
        return cell instanceof Number n ? n : 0;
    }

    /** One page's part of a table below {@code top}, with the table's caption when it starts there; the height left. */
    private static float table(PDPageContentStream out, PDFont font, float top, Slice slice) throws IOException {
        float y = top;
        if (slice.from() == 0 && slice.table().caption().isPresent()) {
            y -= 2 * ROW;
            text(out, font, TEXT, MARGIN, y, fit(font, slice.table().caption().get(), PAGE.getWidth() - 2 * MARGIN));
        }
        List<String> header = slice.table().header();
        List<List<Object>> rows = slice.table().rows();
        float width = (PAGE.getWidth() - 2 * MARGIN) / header.size();
        y -= ROW;
        for (int k = 0; k < header.size(); k++) {
            text(out, font, TEXT, MARGIN + k * width, y, fit(font, header.get(k), width - 4));
        }
        out.moveTo(MARGIN, y - 3);
        out.lineTo(PAGE.getWidth() - MARGIN, y - 3);
        out.stroke();
        for (int i = slice.from(); i < slice.to(); i++) {
            y -= ROW;
            List<Object> row = rows.get(i);
            for (int k = 0; k < row.size() && k < header.size(); k++) {
                text(out, font, TEXT, MARGIN + k * width, y, fit(font, cell(row.get(k)), width - 4));
            }
        }
        return y;
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        return value instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    /** The text cut to fit the width, with an ellipsis. */
    private static String fit(PDFont font, String text, float width) throws IOException {
        String safe = printable(font, text);
        if (font.getStringWidth(safe) / 1000 * TEXT <= width) {
            return safe;
        }
        String cut = safe;
        while (!cut.isEmpty() && font.getStringWidth(cut + "…") / 1000 * TEXT > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** Control characters as spaces, characters the font lacks as '?'. */
    private static String printable(PDFont font, String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            String s = Character.isISOControl(c) ? " " : Character.toString(c);
            try {
                font.encode(s);
                out.append(s);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static void text(PDPageContentStream out, PDFont font, float size, float x, float y, String text) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(printable(font, text));
        out.endText();
    }
}
