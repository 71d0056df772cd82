package dev.infraperf.environment;

import java.nio.file.Path;
import org.pkl.core.EvaluatorBuilder;
import org.pkl.core.ModuleSource;
import org.pkl.core.PklException;
import org.pkl.core.project.Project;

/** Evaluates a generated project's {@code main.pkl} in-process with pkl-core to Forma JSON. */
final class FormaEvaluation {

    private FormaEvaluation() {}

    /**
     * The rendered output of {@code main.pkl}. A Pkl error becomes an {@link
     * EnvironmentEvaluationException} carrying Pkl's message, which names the file and line.
     */
    static String evaluate(Path projectDirectory) {
        Path directory = projectDirectory.toAbsolutePath().normalize();
        try {
            Project project = Project.loadFromPath(directory.resolve("PklProject"));
            // One evaluator for the whole forma: modules are parsed and cached once, and the schema's
            // per-class metadata (formae.metaOf) is computed once per class.
            try (var evaluator =
                    EvaluatorBuilder.preconfigured().applyFromProject(project).build()) {
                return evaluator.evaluateOutputText(ModuleSource.path(directory.resolve("main.pkl")));
            }
        } catch (PklException e) {
            throw new EnvironmentEvaluationException(
                    "Pkl evaluation of " + directory.resolve("main.pkl") + " failed:\n" + e.getMessage(), e);
        }
    }
}
