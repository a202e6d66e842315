package io.outpost.cli;

import io.outpost.value.BuildInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code outpost version}: version, build, JVM, arch. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print version, build, JVM and architecture.")
public final class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        BuildInfo build = BuildInfo.load();
        System.out.println("outpost " + build.version());
        System.out.println("build   " + build.built());
        System.out.println("jvm     " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println("arch    " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return 0;
    }
}
