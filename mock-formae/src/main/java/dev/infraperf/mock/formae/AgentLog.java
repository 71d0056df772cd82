package dev.infraperf.mock.formae;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code <data-dir>/log/formae.log}: one line per event, {@code <timestamp> <LVL> <message>}, the levels
 * spelled as Formae's log spells them ({@code DBG INF WRN ERR}), flushed at once so a {@code kill -9}
 * loses nothing written.
 */
final class AgentLog implements AutoCloseable {
    private final BufferedWriter out;

    AgentLog(Path file) {
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the agent log " + file, e);
        }
    }

    void debug(String message) {
        write("DBG", message);
    }

    void info(String message) {
        write("INF", message);
    }

    void warn(String message) {
        write("WRN", message);
    }

    void error(String message) {
        write("ERR", message);
    }

    private synchronized void write(String level, String message) {
        try {
            out.write(Instant.now().toString());
            out.write(' ');
            out.write(level);
            out.write(' ');
            out.write(message);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // The log is best effort: a full disk must not stop the agent.
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing on shutdown
        }
    }
}
