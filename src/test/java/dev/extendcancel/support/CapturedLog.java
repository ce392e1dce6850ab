package dev.extendcancel.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record written in the test's JVM while started, as text: the message, its parameters (the JSON line's
 * structured fields) and the chain of causes, so that a test can prove what no line contains (a key, execution data).
 */
public final class CapturedLog extends Handler {

    private final List<String> ignoredLoggerPrefixes;
    private final List<String> lines = new ArrayList<>();

    /** @param ignoredLoggerPrefixes loggers left out (e.g. WireMock's own, which logs the stubs' requests) */
    public CapturedLog(String... ignoredLoggerPrefixes) {
        this.ignoredLoggerPrefixes = List.of(ignoredLoggerPrefixes);
    }

    public void start() {
        Logger.getLogger("").addHandler(this);
    }

    public void stop() {
        Logger.getLogger("").removeHandler(this);
    }

    /** What was captured so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void publish(LogRecord record) {
        String logger = String.valueOf(record.getLoggerName());
        if (ignoredLoggerPrefixes.stream().anyMatch(logger::startsWith)) {
            return;
        }
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            text.append(' ').append(Arrays.deepToString(record.getParameters()));
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(' ').append(t);
        }
        synchronized (lines) {
            lines.add(text.toString());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
