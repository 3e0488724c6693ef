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

/**
 * One JSON object per line: time, level, logger, message, the request's id and trace id when a request is being
 * served, and the stack trace of a failure. As a last guard, anything shaped like an API key or an IP address is
 * masked ({@link LogMask}, the rule of the text format too), whatever code wrote it.
 */
final class JsonLogFormatter extends Formatter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("message", LogMask.masked(formatMessage(record)));
        LogContext.current().ifPresent(context -> {
            line.put("request_id", LogMask.masked(context.requestId()));
            line.put("trace_id", context.traceId());
        });
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", LogMask.masked(trace.toString()));
        }
        try {
            return JSON.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return "{\"level\":\"SEVERE\",\"message\":\"a log line could not be written as JSON\"}" + System.lineSeparator();
        }
    }
}
