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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A PDF report of chart-ready answers (Apache PDFBox). Each section (one answer, or one widget of a dashboard) starts
 * a page with its title, the question in words, a chart for time series and funnels (JFreeChart), then its table over
 * as many A4 pages as it needs, the header repeated; pages are numbered through the document.
 * The font (Liberation Sans, shipped inside PDFBox) is embedded, so the report reads the same everywhere.
 */
final class PdfReport {

    private static final float MARGIN = 40;
    private static final float ROW = 12;
    private static final float TEXT = 8;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final int CHART_WIDTH = 1030;
    private static final int CHART_HEIGHT = 420;

    private PdfReport() {
    }

    /** One section's layout: its table header and rows, its chart, and how many pages it takes. */
    private record Laid(ReportSection section, List<String> header, List<List<Object>> rows, Optional<BufferedImage> image,
                        int firstPageRows, int pages) {
    }

    static byte[] render(String title, List<ReportSection> sections) {
        System.setProperty("java.awt.headless", "true");
        try (PDDocument document = new PDDocument(); InputStream fontFile = PDDocument.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            PDFont font = PDType0Font.load(document, fontFile);
            float top = PAGE.getHeight() - MARGIN;
            int otherPageRows = (int) ((top - MARGIN - 20) / ROW) - 1;
            List<Laid> laid = new ArrayList<>();
            int total = 0;
            for (ReportSection section : sections) {
                List<String> header = header(section.chart());
                List<List<Object>> rows = rows(section.chart());
                Optional<BufferedImage> image = chartImage(section.title(), header, rows);
                float firstTableTop = top - (total == 0 && sections.size() > 1 ? 74 : 50) - (image.isPresent() ? CHART_HEIGHT / 2f + 16 : 0);
                int firstPageRows = Math.max(0, (int) ((firstTableTop - MARGIN - 20) / ROW) - 1);
                int pages = 1 + (rows.size() <= firstPageRows ? 0 : (rows.size() - firstPageRows + otherPageRows - 1) / otherPageRows);
                laid.add(new Laid(section, header, rows, image, firstPageRows, pages));
                total += pages;
            }
            int pageNumber = 0;
            for (Laid section : laid) {
                int next = 0;
                for (int page = 1; page <= section.pages(); page++) {
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
                            text(out, font, 9, MARGIN, y - 32, words(section.section().chart(), section.header()));
                            y -= 50;
                            if (section.image().isPresent()) {
                                PDImageXObject picture = LosslessFactory.createFromImage(document, section.image().get());
                                out.drawImage(picture, MARGIN, y - CHART_HEIGHT / 2f, CHART_WIDTH / 2f, CHART_HEIGHT / 2f);
                                y -= CHART_HEIGHT / 2f + 16;
                            }
                        }
                        int count = page == 1 ? section.firstPageRows() : otherPageRows;
                        next = table(out, font, y, section.header(), section.rows(), next, count);
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

    /** The question in words: what is counted, of which event, by which interval, over which range and zone. */
    @SuppressWarnings("unchecked")
    private static String words(Map<String, Object> chart, List<String> header) {
        Map<String, Object> meta = (Map<String, Object>) chart.getOrDefault("meta", Map.of());
        StringBuilder words = new StringBuilder(String.join(", ", header));
        if (meta.containsKey("event")) {
            words.append(" of ").append(meta.get("event"));
        }
        if (meta.containsKey("interval")) {
            words.append(" by ").append(meta.get("interval"));
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
        return words.toString();
    }

    /** A line chart when the first column is time and the others are numbers; a bar chart of a funnel's users. */
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

    private static int table(PDPageContentStream out, PDFont font, float top, List<String> header, List<List<Object>> rows,
                             int from, int count) throws IOException {
        float width = (PAGE.getWidth() - 2 * MARGIN) / header.size();
        float y = top - ROW;
        for (int k = 0; k < header.size(); k++) {
            text(out, font, TEXT, MARGIN + k * width, y, fit(font, header.get(k), width - 4));
        }
        out.moveTo(MARGIN, y - 3);
        out.lineTo(PAGE.getWidth() - MARGIN, y - 3);
        out.stroke();
        int to = Math.min(rows.size(), from + count);
        for (int i = from; i < to; i++) {
            y -= ROW;
            List<Object> row = rows.get(i);
            for (int k = 0; k < row.size() && k < header.size(); k++) {
                text(out, font, TEXT, MARGIN + k * width, y, fit(font, cell(row.get(k)), width - 4));
            }
        }
        return to;
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
