package io.outpost.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What became of the last config pushed on {@code P/twin/desired}: its digest, how it ended, why. Kept in
 * {@code data_dir/twin-desired.state}, so a retained document already applied or refused is not applied again
 * after a restart, and the reported twin still says what happened to it.
 */
record DesiredOutcome(String digest, State state, String reason, List<String> problems) {

    static final String FILE = "twin-desired.state";
    /** Problem lines kept (and reported) at most; each cut to {@link #MAX_LINE} characters. */
    static final int MAX_PROBLEMS = 20;
    static final int MAX_LINE = 300;

    enum State {
        /** Written and applied; waiting for the gateway to be healthy with it. */
        APPLYING,
        /** Healthy with it within the deadline: it is the running config. */
        APPLIED,
        /** Not applied: it fails validation, cannot be applied while running, or cannot be written. */
        REFUSED,
        /** Applied, not healthy within the deadline: the previous config was restored. */
        ROLLED_BACK;

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    DesiredOutcome {
        reason = oneLine(reason);
        problems = problems.stream().limit(MAX_PROBLEMS).map(DesiredOutcome::oneLine).toList();
    }

    /** The outcome kept in {@code dataDir}; empty when none was ever written or it cannot be read. */
    static Optional<DesiredOutcome> read(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        String digest = null;
        State state = null;
        String reason = "";
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            switch (line.substring(0, eq)) {
                case "digest" -> digest = value;
                case "state" -> state = parseState(value);
                case "reason" -> reason = value;
                case "problem" -> problems.add(value);
                default -> { }
            }
        }
        return digest == null || state == null ? Optional.empty()
                : Optional.of(new DesiredOutcome(digest, state, reason, problems));
    }

    /** Written beside, synced and renamed over: a crash leaves the old outcome or the new one. */
    void write(Path dataDir) throws IOException {
        StringBuilder text = new StringBuilder().append("digest=").append(digest).append('\n')
                .append("state=").append(state.name()).append('\n').append("reason=").append(reason).append('\n');
        problems.forEach(p -> text.append("problem=").append(p).append('\n'));
        AtomicFiles.write(dataDir.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static State parseState(String value) {
        try {
            return State.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code text} on one line, at most {@link #MAX_LINE} characters. */
    static String oneLine(String text) {
        String flat = text.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= MAX_LINE ? flat : flat.substring(0, MAX_LINE - 1) + "…";
    }
}
