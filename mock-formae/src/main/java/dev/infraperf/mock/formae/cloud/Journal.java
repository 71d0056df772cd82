package dev.infraperf.mock.formae.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Append-only JSON-lines journal of the cloud's state. Each change is one line, flushed to the OS
 * at once, so killing the cloud process loses nothing it answered; the file is compacted (rewritten
 * to the live state) on open and when it has grown well past the live state.
 */
final class Journal implements AutoCloseable {

    /** One journal line; exactly one field is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(StoredResource resource, String removed, StoredOperation operation, Boolean reset) {}

    /** The state read back from a journal. */
    record Replayed(Map<String, StoredResource> resources, Map<String, StoredOperation> operations) {}

    private final Path file;
    private final ObjectMapper json;
    private BufferedWriter out;
    private long linesSinceCompaction;

    Journal(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    Path file() {
        return file;
    }

    /** Reads the journal; a torn last line (the cloud was killed mid-write) is ignored. */
    Replayed replay() {
        var resources = new LinkedHashMap<String, StoredResource>();
        var operations = new LinkedHashMap<String, StoredOperation>();
        if (!Files.exists(file)) {
            return new Replayed(resources, operations);
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (line.isBlank()) {
                    return;
                }
                Entry entry;
                try {
                    entry = json.readValue(line, Entry.class);
                } catch (JsonProcessingException e) {
                    return;
                }
                if (entry.reset() != null) {
                    resources.clear();
                    operations.clear();
                } else if (entry.resource() != null) {
                    resources.put(entry.resource().nativeId(), entry.resource());
                } else if (entry.removed() != null) {
                    resources.remove(entry.removed());
                } else if (entry.operation() != null) {
                    operations.put(entry.operation().requestId(), entry.operation());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated cloud's data file " + file, e);
        }
        return new Replayed(resources, operations);
    }

    /** Rewrites the file to exactly this state (write a temp file, then rename) and keeps appending. */
    void compact(Collection<StoredResource> resources, Collection<StoredOperation> operations) {
        try {
            closeWriter();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (StoredResource r : resources) {
                    writer.write(json.writeValueAsString(new Entry(r, null, null, null)));
                    writer.newLine();
                }
                for (StoredOperation o : operations) {
                    writer.write(json.writeValueAsString(new Entry(null, null, o, null)));
                    writer.newLine();
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            linesSinceCompaction = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated cloud's data file " + file, e);
        }
    }

    void append(Entry entry) {
        try {
            out.write(json.writeValueAsString(entry));
            out.newLine();
            out.flush();
            linesSinceCompaction++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the simulated cloud's data file " + file, e);
        }
    }

    long linesSinceCompaction() {
        return linesSinceCompaction;
    }

    private void closeWriter() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    public void close() {
        try {
            closeWriter();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the simulated cloud's data file " + file, e);
        }
    }
}
