package dev.infraperf.allure;

import dev.infraperf.reports.SecretMask;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Allure's {@code environment.properties} (the report's Environment widget), merged across test
 * classes: each class adds its keys, later values win. Values are masked.
 */
final class EnvironmentProperties {
    static final String FILE = "environment.properties";

    private EnvironmentProperties() {}

    /** Where Allure writes results: {@code allure.results.directory} (system property or allure.properties). */
    static Path resultsDirectory() {
        String fromSystem = System.getProperty("allure.results.directory");
        if (fromSystem != null && !fromSystem.isBlank()) {
            return Paths.get(fromSystem);
        }
        Properties props = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("allure.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // An unreadable allure.properties means Allure's own default applies too.
        }
        return Paths.get(props.getProperty("allure.results.directory", "allure-results"));
    }

    static synchronized void merge(Path directory, Map<String, String> values) {
        Path file = directory.resolve(FILE);
        Map<String, String> merged = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            Properties existing = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                existing.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            existing.forEach((k, v) -> merged.put(k.toString(), v.toString()));
        }
        values.forEach((k, v) -> merged.put(k, SecretMask.maskEntry(k, v)));
        // Properties sorts its keys when storing (JDK 18+), which keeps the file stable between runs.
        Properties out = new Properties();
        out.putAll(merged);
        try {
            Files.createDirectories(directory);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.store(w, "infra-perf: versions, scales and the external parts used");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
