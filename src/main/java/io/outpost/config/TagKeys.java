package io.outpost.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keys every tag has, whatever its source type: its name and its report-by-exception policy. */
public final class TagKeys {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(\\.\\d+)?)%");

    public static final Key<String> NAME = Key.required("name", ValueTypes.NAME,
            "unique within its source; the tag's address is `<source>/<name>`");
    public static final Key<Deadband> DEADBAND = Key.optional("deadband", deadbandType(),
            "report by exception: send a value only when it moved more than this from the last one sent, "
                    + "absolute (`0.05`) or relative (`\"1%\"`); without it every change is sent");
    public static final Key<Duration> MAX_AGE = Key.optional("max_age", ValueTypes.DURATION,
            "send the value anyway after this long without a change; without it an unchanged value is not repeated")
            .check(Checks.positive());

    private TagKeys() {
    }

    public static <R extends TagConfig> Field<R, String> name() {
        return Field.of(NAME, TagConfig::name);
    }

    public static <R extends TagConfig> Field<R, Deadband> deadband() {
        return Field.optional(DEADBAND, tag -> tag.report().deadband());
    }

    public static <R extends TagConfig> Field<R, Duration> maxAge() {
        return Field.optional(MAX_AGE, tag -> tag.report().maxAge());
    }

    /** The policy of a tag read against a section that declares {@code max_age} and maybe {@code deadband}. */
    public static ReportPolicy report(SectionValues tag) {
        Optional<Deadband> deadband = tag.section().declares(DEADBAND) ? tag.find(DEADBAND) : Optional.empty();
        return new ReportPolicy(deadband, tag.find(MAX_AGE));
    }

    private static ValueType<Deadband> deadbandType() {
        return ValueTypes.scalar("number ≥ 0, or percent (`\"1%\"`)", TagKeys::deadband, d -> d instanceof Deadband.Percent p
                ? BigDecimal.valueOf(p.percent()).stripTrailingZeros().toPlainString() + "%"
                : ((Deadband.Absolute) d).amount());
    }

    static Deadband deadband(String text) {
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches()) {
            return new Deadband.Percent(Double.parseDouble(percent.group(1)));
        }
        double amount;
        try {
            amount = ValueTypes.number(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a deadband: write a number (0.05) or a percentage (\"1%\")");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("must not be negative, not " + text);
        }
        return new Deadband.Absolute(amount);
    }
}
