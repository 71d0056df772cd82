package dev.infraperf.mock.formae;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a main class of this module as its own OS process, with this JVM and this class path. */
final class ChildProcess {

    private ChildProcess() {}

    static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Small heaps, the serial collector and the C1 compiler only: these processes are many, are
     * restarted often, and wait on I/O far more than they compute, so a fast start matters most.
     */
    static final List<String> DEFAULT_JVM_ARGS = List.of("-XX:+UseSerialGC", "-Xmx512m", "-XX:TieredStopAtLevel=1");

    static Process start(String mainClass, List<String> args, Path outputFile) {
        return start(mainClass, DEFAULT_JVM_ARGS, args, outputFile);
    }

    static Process start(String mainClass, List<String> jvmArgs, List<String> args, Path outputFile) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("--enable-native-access=ALL-UNNAMED"); // sqlite-jdbc loads its native library
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(outputFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass + ": " + e.getMessage(), e);
        }
    }

    static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Waits for the line starting with {@code prefix} that the process prints when it listens, in the
     * part of its output file written after {@code offset}; returns the rest of that line.
     */
    static String awaitReadyLine(
            Process process, Path outputFile, long offset, String prefix, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String found = readyLine(outputFile, offset, prefix);
            if (found != null) {
                return found;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " before it was ready; its output:\n" + tail(outputFile));
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                what + " was not ready within " + timeout + "; its output:\n" + tail(outputFile));
    }

    private static String readyLine(Path file, long offset, String prefix) {
        try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
            if (in.length() <= offset) {
                return null;
            }
            in.seek(offset);
            byte[] bytes = new byte[(int) (in.length() - offset)];
            in.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks the process to stop (SIGTERM), then kills it when it does not within the grace period. */
    static void stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no output)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }
}
