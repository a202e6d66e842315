package io.outpost.value;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version and build time, stamped into the jar by the build. */
public record BuildInfo(String version, String built) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/outpost/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a version line must never stop the daemon.
        }
        return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("built", "unknown"));
    }
}
