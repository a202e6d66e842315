package io.outpost.manage;

import java.util.Map;

/** {@code reload}: takes no fields; re-reads the config file the daemon runs with and applies what changed. */
public final class ReloadCommand implements CommandHandler {

    private final Reloader reloader;

    public ReloadCommand(Reloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
        return reloader.reload();
    }
}
