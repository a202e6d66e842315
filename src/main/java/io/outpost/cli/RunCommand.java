package io.outpost.cli;

import io.outpost.config.OutpostConfig;
import io.outpost.ops.NativeLibraries;
import io.outpost.ops.PipelineWatchdog;
import io.outpost.ops.SystemdNotify;
import io.outpost.value.BuildInfo;
import io.outpost.gateway.Gateway;
import io.outpost.threads.DaemonThreads;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code outpost run}: the daemon in the foreground, until SIGTERM or SIGINT. Under systemd
 * ({@code Type=notify}) it says {@code READY=1} once the gateway has started (store open, sources
 * started, admin socket up), keeps {@code WATCHDOG=1} coming while the pipeline is alive, and says
 * {@code STOPPING=1} before it stops. SIGHUP reloads the config ({@code systemctl reload outpost}). It
 * exits with {@link Gateway#RESTART_EXIT_CODE} when an over-the-air update asks for a restart
 * (docs/ota.md).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway daemon in the foreground.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        OutpostConfig loaded = ConfigFiles.require(config.resolve());
        LoggingSetup.configured(loaded.gateway().logLevel());
        SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv(), NativeLibraries.directory());
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded, BuildInfo.load(), System::currentTimeMillis);
        } catch (RuntimeException e) {
            systemd.status("failed to start: " + e.getMessage());
            throw e;
        }
        PipelineWatchdog watchdog = PipelineWatchdog.start(systemd, gateway.heartbeats(),
                () -> ServiceStatusLine.of(gateway.stats()));
        ReloadSignal.install(gateway);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(DaemonThreads.newThread("shutdown", () -> {
            watchdog.close();
            systemd.stopping();
            gateway.close();
            stopped.countDown();
        }));
        // An update installed or rolled back, or a release on trial that missed its deadline: exit with a
        // code the unit restarts on. From a thread of its own: the shutdown hook closes the part that asked.
        gateway.restartRequested().thenAccept(why -> DaemonThreads.newThread("restart", () -> {
            System.err.println("outpost: " + why + "; exiting with " + Gateway.RESTART_EXIT_CODE + " to restart: systemd"
                    + " starts it again (Restart=on-failure); run by hand, start `outpost run` again yourself");
            System.exit(Gateway.RESTART_EXIT_CODE);
        }).start());
        systemd.ready(ServiceStatusLine.of(gateway.stats()));
        stopped.await();
        return 0;
    }
}
