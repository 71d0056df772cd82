package dev.infraperf.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code local} backend: worker JVMs started as child processes with the test's own classpath and {@code java}
 * from {@code java.home}. Each watches its standard input, so a coordinator that dies takes its workers with it;
 * {@link #close()} kills what is left ({@code destroyForcibly}), and a shutdown hook does the same if the JVM exits
 * first.
 */
final class LocalWorkers implements WorkerBackend {

    private static final String READY = "infra-perf worker ";
    private static final int TAIL_LINES = 20;

    private final String jvmArgs;
    private final List<Process> processes = new ArrayList<>();
    private final List<Deque<String>> tails = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "infra-perf-workers-kill");

    LocalWorkers(String jvmArgs) {
        this.jvmArgs = jvmArgs;
    }

    @Override
    public List<Endpoint> start(int workers, Duration timeout) {
        Runtime.getRuntime().addShutdownHook(hook);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<CompletableFuture<URI>> ready = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            List<String> command = new ArrayList<>();
            command.add(java);
            if (!jvmArgs.isBlank()) {
                command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
            }
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    WorkerMain.class.getName(),
                    "--index",
                    String.valueOf(i),
                    "--idle-timeout",
                    String.valueOf(Math.max(30, timeout.toSeconds() * 2)),
                    "--watch-stdin"));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new WorkerStartException("worker " + i + " could not be started with " + java + ": " + e);
            }
            processes.add(process);
            Deque<String> tail = new ArrayDeque<>();
            tails.add(tail);
            CompletableFuture<URI> uri = new CompletableFuture<>();
            ready.add(uri);
            Thread.ofPlatform().daemon().name("worker-" + i + "-output").start(() -> drain(process, tail, uri));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < workers; i++) {
            try {
                URI uri = ready.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                endpoints.add(new Endpoint(
                        i, "worker " + i + " (pid " + processes.get(i).pid() + ")", uri));
            } catch (TimeoutException e) {
                throw new WorkerStartException(
                        "worker " + i + " (pid " + processes.get(i).pid()
                                + ") did not listen within " + timeout + " (" + DistributedSettings.START_TIMEOUT_KEY
                                + "); its output: " + tail(i));
            } catch (ExecutionException e) {
                throw new WorkerStartException(
                        "worker " + i + " (pid " + processes.get(i).pid() + ") exited before it listened: "
                                + e.getCause().getMessage() + "; its output: " + tail(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerStartException("interrupted while starting the workers");
            }
        }
        return endpoints;
    }

    private static void drain(Process process, Deque<String> tail, CompletableFuture<URI> ready) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(READY) && line.contains(" listening on ")) {
                    ready.complete(URI.create(
                            line.substring(line.indexOf(" listening on ") + 14).trim()));
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("its output ended"));
    }

    private String tail(int index) {
        Deque<String> tail = tails.get(index);
        synchronized (tail) {
            return tail.isEmpty() ? "(none)" : String.join(" | ", tail);
        }
    }

    @Override
    public Optional<String> gone(int index) {
        Process p = processes.get(index);
        if (p.isAlive()) {
            return Optional.empty();
        }
        int code = p.exitValue();
        String how =
                code > 128 ? "killed by signal " + (code - 128) + " (exit code " + code + ")" : "exit code " + code;
        return Optional.of("its process exited, " + how);
    }

    @Override
    public String describe() {
        return processes.size() + " local worker JVMs";
    }

    @Override
    public void close() {
        // workers told to stop exit by themselves within moments; what is left after 2 s is killed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Process p : processes) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
