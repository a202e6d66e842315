package io.outpost.cli;

import io.outpost.gateway.Gateway;
import io.outpost.manage.CommandRefusedException;
import sun.misc.Signal;

/**
 * SIGHUP reloads the config ({@code systemctl reload outpost}, {@code ExecReload=/bin/kill -HUP $MAINPID})
 * instead of the JVM's default, which stops the daemon with exit 129. The reload runs on the JVM's own
 * signal thread, one at a time; its outcome is an event and a log line either way.
 */
final class ReloadSignal {

    private ReloadSignal() {
    }

    // sun.misc.Signal (module jdk.unsupported): the JDK has no public way to take over a signal.
    static void install(Gateway gateway) {
        Signal.handle(new Signal("HUP"), signal -> {
            try {
                gateway.reload();
            } catch (CommandRefusedException refused) {
                // already an event and a WARN line; the running config stays
            }
        });
    }
}
