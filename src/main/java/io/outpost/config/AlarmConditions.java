package io.outpost.config;

import static io.outpost.config.ProcessKeys.ABOVE;
import static io.outpost.config.ProcessKeys.BELOW;
import static io.outpost.config.ProcessKeys.CLEAR;
import static io.outpost.config.ProcessKeys.FOR;
import static io.outpost.config.ProcessKeys.STALE;

import java.util.List;

/** The rules across the keys of one alarm: which condition it has, and what goes with that condition. */
final class AlarmConditions {

    private static final List<Key<?>> CONDITIONS = List.of(ABOVE, BELOW, STALE);

    private AlarmConditions() {
    }

    static void exactlyOne(SectionValues alarm, ReadContext ctx) {
        List<Key<?>> conditions = written(alarm);
        if (conditions.isEmpty()) {
            ctx.problem(alarm.node(), alarm.path(), "needs one of `above`, `below` or `stale`");
        } else if (conditions.size() > 1) {
            Key<?> second = conditions.get(1);
            ctx.problem(alarm.keyNode(second), alarm.path(second),
                    "an alarm has one of `above`, `below` or `stale`; this one already has `" + conditions.get(0).name() + "`");
        }
    }

    /** Checked only for an alarm with exactly one condition: with none or several, which settings apply is unclear. */
    static void thresholdSettings(SectionValues alarm, ReadContext ctx) {
        List<Key<?>> conditions = written(alarm);
        if (conditions.size() != 1) {
            return;
        }
        if (conditions.get(0) == STALE) {
            for (Key<?> thresholdOnly : List.of(CLEAR, FOR)) {
                if (alarm.has(thresholdOnly)) {
                    ctx.problem(alarm.keyNode(thresholdOnly), alarm.path(thresholdOnly),
                            "applies to `above` and `below` alarms only");
                }
            }
            return;
        }
        Double clear = alarm.get(CLEAR);
        Double above = alarm.get(ABOVE);
        Double below = alarm.get(BELOW);
        if (clear != null && above != null && clear > above) {
            ctx.problem(alarm.node(CLEAR), alarm.path(CLEAR), "must be at most `above` (" + above
                    + "): the alarm clears when the value falls back to it");
        }
        if (clear != null && below != null && clear < below) {
            ctx.problem(alarm.node(CLEAR), alarm.path(CLEAR), "must be at least `below` (" + below
                    + "): the alarm clears when the value rises back to it");
        }
    }

    private static List<Key<?>> written(SectionValues alarm) {
        return CONDITIONS.stream().filter(alarm::has).toList();
    }
}
