package io.outpost.manage;

import io.outpost.value.Sample;
import io.outpost.value.TagId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code tags}: every configured tag (sources' tags, then models' outputs, in config order) with its last
 * reading: value, quality, its ts and age, and where it comes from. {@code {"pattern":"press1/*"}} keeps
 * the tags whose address matches ({@code *} any run of characters, {@code ?} one).
 */
public final class TagsCommand implements CommandHandler {

    /** A configured tag and what makes it: a source's name, or {@code model:<name>}. */
    public record Entry(TagId tag, String source) {
    }

    private final Supplier<List<Entry>> tags;
    private final Function<TagId, Optional<Sample>> latest;
    private final LongSupplier clock;

    public TagsCommand(List<Entry> tags, Function<TagId, Optional<Sample>> latest, LongSupplier clock) {
        this(() -> tags, latest, clock);
    }

    /** @param tags the configured tags as of now (a reload may change them) */
    public TagsCommand(Supplier<List<Entry>> tags, Function<TagId, Optional<Sample>> latest, LongSupplier clock) {
        this.tags = tags;
        this.latest = latest;
        this.clock = clock;
    }

    @Override
    public List<String> fields() {
        return List.of("pattern");
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
        Object pattern = request.getOrDefault("pattern", "*");
        if (!(pattern instanceof String glob) || glob.isEmpty()) {
            throw new CommandRefusedException("\"pattern\" must be a non-empty string, e.g. \"press1/*\"");
        }
        Pattern match = glob(glob);
        long now = clock.getAsLong();
        List<Object> out = new ArrayList<>();
        for (Entry entry : tags.get()) {
            if (match.matcher(entry.tag().toString()).matches()) {
                out.add(row(entry, latest.apply(entry.tag()), now));
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ts", now);
        reply.put("tags", out);
        return reply;
    }

    private static Map<String, Object> row(Entry entry, Optional<Sample> sample, long now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tag", entry.tag().toString());
        row.put("source", entry.source());
        row.put("value", sample.flatMap(Sample::reading).orElse(null));
        row.put("quality", sample.map(s -> s.quality().wireName()).orElse(null));
        row.put("ts", sample.map(Sample::tsMillis).orElse(null));
        row.put("age_ms", sample.map(s -> Math.max(0, now - s.tsMillis())).orElse(null));
        return row;
    }

    /** {@code *} and {@code ?} as in a shell; every other character stands for itself. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
