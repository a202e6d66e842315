package io.outpost.process.model;

import io.outpost.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The check {@code outpost validate} and {@code outpost run} make of every model file before
 * anything starts: it loads, and what it declares fits its config entry.
 */
public final class ModelFiles {

    /** A problem with {@code models[index].file}. */
    public record Problem(int index, String message) {

        public String keyPath() {
            return "models[" + index + "].file";
        }
    }

    private ModelFiles() {
    }

    public static List<Problem> check(List<ModelConfig> models) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig model = models.get(i);
            try (Scorer scorer = OnnxScorer.open(model.file(), model.inputs().size(), model.window())) {
                // Loaded and fits: nothing to report.
            } catch (ModelFileException e) {
                problems.add(new Problem(i, e.getMessage()));
            }
        }
        return problems;
    }
}
