package io.tally.application.port.in.shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, a field quoted when it holds a comma, a quote, a line break or edge
 * spaces (quotes doubled). A text cell a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or
 * a carriage return) gets a leading apostrophe, as OWASP advises; numbers stay numbers.
 */
public final class Csv {

    private Csv() {
    }

    public static void row(Writer out, List<?> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String field(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Number || cell instanceof Boolean) {
            return cell instanceof BigDecimal d ? d.toPlainString() : cell.toString();
        }
        String text = cell instanceof Map<?, ?> || cell instanceof List<?> ? JsonText.write(cell) : cell.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || (!text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' '));
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /**
     * A chart-ready answer's table: its column names, then its rows. Only that table: the rest of a chart (a funnel's
     * breakdown, histogram or trend) has other columns, which a file of one header and equal lines cannot carry.
     */
    @SuppressWarnings("unchecked")
    public static void table(Writer out, Map<String, Object> chart) {
        List<Object> columns = (List<Object>) chart.get("columns");
        row(out, columns.stream().map(c -> c instanceof Map<?, ?> m ? m.get("name") : c).toList());
        for (Object r : (List<Object>) chart.get("rows")) {
            row(out, (List<?>) r);
        }
    }
}
