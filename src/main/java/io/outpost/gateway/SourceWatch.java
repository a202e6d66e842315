package io.outpost.gateway;

import io.outpost.manage.EventSink;

import io.outpost.source.SourceHealth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the sources' health into {@code source-down} and {@code source-up} events, once per
 * transition: a source that was up and is down (with its last error as the reason), one that has
 * failed since start without ever being up (a first connect that failed), and one that came back.
 * A source that is simply up from the start, or has not tried yet, says nothing.
 *
 * <p>Meant to run on a timer, about once a second: a transition shorter than that may pass unseen,
 * the health counters still show it. {@link #run} and {@link #stop} are serialised, so once stop
 * returns, no event follows (closing sources must not look like failing ones).
 */
public final class SourceWatch implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SourceWatch.class);

    private enum Seen { NOT_YET_UP, UP, DOWN }

    private final Supplier<Map<String, SourceHealth>> health;
    private final EventSink events;
    private final Map<String, Seen> seen = new HashMap<>();
    private boolean stopped;

    /**
     * @param health every source's health now, by name
     * @param alreadyDown sources whose being down was reported already (they failed to start)
     */
    public SourceWatch(Supplier<Map<String, SourceHealth>> health, EventSink events, Set<String> alreadyDown) {
        this.health = health;
        this.events = events;
        alreadyDown.forEach(name -> seen.put(name, Seen.DOWN));
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        try {
            health.get().forEach(this::check);
        } catch (RuntimeException e) {
            // A timer task that throws is never run again: log and keep watching.
            log.warn("event=source-watch-failed error=\"{}\"", e.toString());
        }
    }

    private void check(String source, SourceHealth now) {
        Seen before = seen.getOrDefault(source, Seen.NOT_YET_UP);
        Seen after = now.up() ? Seen.UP : before == Seen.NOT_YET_UP && now.failures() == 0 ? Seen.NOT_YET_UP : Seen.DOWN;
        if (after == before) {
            return;
        }
        seen.put(source, after);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", source);
        if (after == Seen.DOWN) {
            fields.put("reason", now.lastError().orElse("down, no error given"));
            events.record("source-down", fields);
        } else if (before == Seen.DOWN) {
            events.record("source-up", fields);
        }
    }

    /**
     * Runs {@code swap} (a reload replacing the sources {@code names}) with no check in between, then
     * forgets what was seen of them: a source closed to be replaced is not "down", and its successor
     * starts as new.
     */
    public synchronized void restarting(Set<String> names, Runnable swap) {
        try {
            swap.run();
        } finally {
            names.forEach(seen::remove);
        }
    }

    /** No more events from here on. */
    public synchronized void stop() {
        stopped = true;
    }
}
