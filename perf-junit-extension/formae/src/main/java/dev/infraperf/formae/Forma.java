package dev.infraperf.formae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A forma as the two faces of the driver need it: the Pkl entry point a {@code formae} binary
 * evaluates itself, and the rendered Forma JSON the REST API takes.
 *
 * @param pklFile the {@code main.pkl} of the project (may not exist when only JSON is at hand)
 * @param jsonFile the rendered {@code forma.json}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Forma(Path pklFile, Path jsonFile) {

    public Forma {
        Objects.requireNonNull(pklFile, "pklFile");
        Objects.requireNonNull(jsonFile, "jsonFile");
    }

    /** The forma of a generated project directory: {@code main.pkl} and {@code forma.json} in it. */
    public static Forma inDirectory(Path projectDir) {
        return new Forma(projectDir.resolve("main.pkl"), projectDir.resolve("forma.json"));
    }

    /** The JSON file, failing with its path when it was never rendered. */
    Path requireJson() {
        if (!Files.isRegularFile(jsonFile)) {
            throw new IllegalStateException("no Forma JSON at " + jsonFile + "; evaluate the project first");
        }
        return jsonFile;
    }
}
