package io.outpost.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a JVM of its own, with this test's class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx64m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        // slf4j-simple logs to stderr, keeping the child's stdout for its own protocol
        command.add("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
        command.add("-cp");
        // Surefire and Failsafe put the real class path here; java.class.path may be a manifest-only jar
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
