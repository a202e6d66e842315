package io.outpost.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What one load collects while it reads a document: the problems found and the files the config
 * points at. One instance per load, used by one thread.
 */
public final class ReadContext {

    /** A {@code *_file} (or model {@code file}) value, kept for the warnings pass. */
    record FileReference(Path path, boolean secret, Node node, String keyPath) {
    }

    private final Path file;
    private final Path baseDir;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<FileReference> files = new ArrayList<>();

    /** @param baseDir relative paths in the config are resolved against it (the config file's folder) */
    ReadContext(Path file, Path baseDir) {
        this.file = file;
        this.baseDir = baseDir;
    }

    public void problem(Node node, String keyPath, String message) {
        problem(node.getStartMark(), keyPath, message);
    }

    public void problem(Mark mark, String keyPath, String message) {
        problems.add(at(mark, keyPath, message));
    }

    /** A problem with the file as a whole (unreadable, empty), reported at its first line. */
    void problemAtStart(String message) {
        problems.add(new ConfigProblem(file, 1, 1, "", message));
    }

    /** A problem or warning at a YAML mark (0-based there, 1-based in the result). */
    ConfigProblem at(Mark mark, String keyPath, String message) {
        return new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, keyPath, message);
    }

    int problemCount() {
        return problems.size();
    }

    List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    Path file() {
        return file;
    }

    Path resolve(Path path) {
        return baseDir.resolve(path).normalize();
    }

    void referenceFile(FileReference reference) {
        files.add(reference);
    }

    List<FileReference> fileReferences() {
        return List.copyOf(files);
    }
}
