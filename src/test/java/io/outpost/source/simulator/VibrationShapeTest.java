package io.outpost.source.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java shape against the one the shipped model was trained on: the values
 * conf/models/train_vibration_model.py computed with its own copy of the formula. A change to
 * either copy fails here until the other follows and the script is run again.
 */
class VibrationShapeTest {

    private static final Path REFERENCE = Path.of("src/test/resources/vibration-shape-reference.csv");

    @Test
    void healthyAndFaultyShapesAreTheOnesTheModelWasTrainedOn() throws IOException {
        List<String> rows = Files.readAllLines(REFERENCE).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("t_ms")).toList();
        assertTrue(rows.size() >= 20, "too few reference values: " + rows.size());
        for (String row : rows) {
            String[] cells = row.split(",");
            long t = Long.parseLong(cells[0]);
            VibrationShape shape = new VibrationShape(1000, 20, Double.parseDouble(cells[1]));
            assertEquals(Double.parseDouble(cells[2]), shape.healthy(t), 1e-9, "healthy at " + t);
            assertEquals(Double.parseDouble(cells[3]), shape.faulty(t), 1e-9, "faulty at " + t);
        }
    }
}
