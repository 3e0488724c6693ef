package io.tally.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

/**
 * One JSON object per line: time, level, logger, message, the request's id and trace id when a request is being
 * served, and the stack trace of a failure. As a last guard, anything shaped like an API key or an IP address is
 * masked, whatever code wrote it.
 */
final class JsonLogFormatter extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("tly_[A-Za-z0-9_-]+");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}"
            + "|(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?)(?![\\w:])");

    @Override
    public String format(LogRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("message", masked(formatMessage(record)));
        LogContext.current().ifPresent(context -> {
            line.put("request_id", context.requestId());
            line.put("trace_id", context.traceId());
        });
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", masked(trace.toString()));
        }
        try {
            return JSON.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return "{\"level\":\"SEVERE\",\"message\":\"a log line could not be written as JSON\"}" + System.lineSeparator();
        }
    }

    static String masked(String text) {
        if (text == null) {
            return null;
        }
        String keysMasked = KEY.matcher(text).replaceAll("tly_***");
        return IPV6.matcher(IPV4.matcher(keysMasked).replaceAll("*.*.*.*")).replaceAll("*:*");
    }
}
