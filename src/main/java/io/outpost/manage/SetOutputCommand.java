package io.outpost.manage;

import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.source.Source;
import io.outpost.source.WritableSource;
import io.outpost.source.WriteRefusedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code set-output}: {@code {"tag":"panel/lamp","value":true}} writes the value through the tag's
 * source, if that source is a {@link WritableSource}, and answers with the value read back. Knows no
 * source type: the source decides which of its tags can be written and what values fit.
 */
public final class SetOutputCommand implements CommandHandler {


    private final Function<String, Optional<Source>> sources;

    /** @param sources the gateway's sources by name */
    public SetOutputCommand(Map<String, ? extends Source> sources) {
        Map<String, Source> copy = Map.copyOf(sources);
        this.sources = name -> Optional.ofNullable(copy.get(name));
    }

    /** @param sources the gateway's source of a name, as of now (a reload may replace it) */
    public SetOutputCommand(Function<String, Optional<Source>> sources) {
        this.sources = sources;
    }

    @Override
    public List<String> fields() {
        return List.of("tag", "value");
    }

    @Override
    public Map<String, Object> handle(Map<String, Object> request) throws CommandRefusedException {
        if (!(request.get("tag") instanceof String text)) {
            throw new CommandRefusedException(request.containsKey("tag")
                    ? "\"tag\" must be a string, e.g. \"panel/lamp\"" : "missing field \"tag\", e.g. \"panel/lamp\"");
        }
        if (!request.containsKey("value")) {
            throw new CommandRefusedException("missing field \"value\"");
        }
        TagId tag;
        try {
            tag = TagId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandRefusedException("\"" + text + "\" is not a tag address (source/name)");
        }
        Source source = sources.apply(tag.source()).orElse(null);
        if (source == null) {
            throw new CommandRefusedException("unknown tag " + tag + ": there is no source '" + tag.source() + "'");
        }
        if (!(source instanceof WritableSource writable)) {
            throw new CommandRefusedException("tag " + tag + " cannot be set: source '" + tag.source() + "' has no outputs");
        }
        Value readBack;
        try {
            readBack = writable.write(tag.name(), value(request.get("value")));
        } catch (WriteRefusedException e) {
            throw new CommandRefusedException(e.getMessage());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("tag", tag.toString());
        reply.put("value", readBack);
        return reply;
    }

    private static Value value(Object json) throws CommandRefusedException {
        if (json instanceof Boolean b) {
            return Value.of(b);
        }
        if (json instanceof Long l) {
            return Value.of(l);
        }
        if (json instanceof Double d) {
            return Value.of(d);
        }
        if (json instanceof String s) {
            return Value.of(s);
        }
        throw new CommandRefusedException("\"value\" must be true or false, a number or a string");
    }
}
