package io.outpost.cli;

import io.outpost.config.OutpostConfig;
import io.outpost.value.BuildInfo;
import io.outpost.gateway.Gateway;
import io.outpost.threads.DaemonThreads;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code outpost run}: the daemon in the foreground, until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway daemon in the foreground.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        OutpostConfig loaded = ConfigFiles.require(config.resolve());
        Gateway gateway = Gateway.start(loaded, BuildInfo.load(), System::currentTimeMillis);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(DaemonThreads.newThread("shutdown", () -> {
            gateway.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
