package io.tally.bootstrap;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The text log format: whatever formatter a handler has (JUL's {@code SimpleFormatter} by default, or one set in
 * {@code logging.properties}), with {@link LogMask} applied to each whole line, stack trace included.
 */
final class MaskingFormatter extends Formatter {

    private final Formatter delegate;

    private MaskingFormatter(Formatter delegate) {
        this.delegate = delegate;
    }

    /** Sets the log format of every handler of the root logger: JSON, or the handler's own text masked. */
    static void install(boolean json) {
        Logger root = Logger.getLogger("");
        if (root.getHandlers().length == 0) {
            root.addHandler(new ConsoleHandler());
        }
        for (Handler handler : root.getHandlers()) {
            Formatter current = handler.getFormatter();
            if (json) {
                handler.setFormatter(new JsonLogFormatter());
            } else if (!(current instanceof MaskingFormatter)) {
                handler.setFormatter(new MaskingFormatter(current == null || current instanceof JsonLogFormatter
                        ? new SimpleFormatter() : current));
            }
        }
    }

    @Override
    public String format(LogRecord record) {
        return LogMask.masked(delegate.format(record));
    }

    @Override
    public String getHead(Handler handler) {
        return delegate.getHead(handler);
    }

    @Override
    public String getTail(Handler handler) {
        return delegate.getTail(handler);
    }
}
