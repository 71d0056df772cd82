package dev.infraperf.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit being tested: CI variables first, then {@code git rev-parse} in the working directory. */
final class GitCommit {
    private static volatile Optional<String> cached;

    private GitCommit() {}

    static Optional<String> current() {
        Optional<String> value = cached;
        if (value == null) {
            value = lookup();
            cached = value;
        }
        return value;
    }

    private static Optional<String> lookup() {
        for (String variable : new String[] {"GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA"}) {
            String v = System.getenv(variable);
            if (v != null && v.matches("[0-9a-fA-F]{7,40}")) {
                return Optional.of(v);
            }
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{7,40}") ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
