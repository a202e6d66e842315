package io.outpost.config;

import io.outpost.value.TagId;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The value types keys are declared with. Scalars are read from their text, whatever YAML would
 * make of it ({@code id: 007} is the id "007", not the number 7), so quoting never changes a value.
 */
public final class ValueTypes {

    /** Source, tag, model and alarm names: they form tag addresses and appear in payloads. */
    static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,10}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    public static final ValueType<String> TEXT = scalar("text", text -> {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    }, s -> s);

    public static final ValueType<String> NAME = scalar("name: letters, digits, `_`, `.`, `-`", ValueTypes::name, s -> s);

    public static final ValueType<Integer> WHOLE_NUMBER = scalar("whole number", text -> {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a whole number");
        }
        long value = Long.parseLong(text);
        if (value != (int) value) {
            throw new IllegalArgumentException(text + " is too large");
        }
        return (int) value;
    }, n -> n);

    public static final ValueType<Double> NUMBER = scalar("number", ValueTypes::number, d -> d);

    public static final ValueType<Duration> DURATION = scalar("duration", Durations::parse, Durations::format);

    public static final ValueType<Long> SIZE = scalar("size", Sizes::parse, Sizes::format);

    public static final ValueType<TagId> TAG_ID = scalar("tag address `source/name`", ValueTypes::tagId, TagId::toString);

    /** A folder; relative paths are resolved against the config file's folder. */
    public static final ValueType<Path> DIRECTORY = new PathType("path", Optional.empty());

    /** A Unix socket the daemon creates. */
    public static final ValueType<Path> SOCKET = new PathType("path of a socket", Optional.empty());

    /** A file the daemon reads; a warning (never an error) when it is missing at validate time. */
    public static final ValueType<Path> FILE = new PathType("path of a file", Optional.of(false));

    /** A file holding a secret; also a warning when others than its owner may read it. */
    public static final ValueType<Path> SECRET_FILE = new PathType("path of a secret file", Optional.of(true));

    private ValueTypes() {
    }

    /** A single value parsed from its text; the parser throws IllegalArgumentException with the complaint. */
    public static <T> ValueType<T> scalar(String description, Function<String, T> parser, Function<T, Object> toYaml) {
        return new ValueType<>() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public Optional<T> read(Node node, String keyPath, ReadContext ctx) {
                return text(node, description, keyPath, ctx).flatMap(text -> {
                    try {
                        return Optional.of(parser.apply(text));
                    } catch (IllegalArgumentException e) {
                        ctx.problem(node, keyPath, e.getMessage());
                        return Optional.empty();
                    }
                });
            }

            @Override
            public Object toYaml(T value) {
                return toYaml.apply(value);
            }
        };
    }

    /** One of a fixed set of words; a near miss gets a "did you mean". */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type, Function<E, String> configName) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            byName.put(configName.apply(constant), constant);
        }
        return choice(byName, configName);
    }

    /** One of the words given, in this order. */
    public static ValueType<String> oneOf(List<String> words) {
        Map<String, String> byName = new LinkedHashMap<>();
        words.forEach(word -> byName.put(word, word));
        return choice(byName, word -> word);
    }

    private static <V> ValueType<V> choice(Map<String, V> byName, Function<V, String> configName) {
        String choices = byName.keySet().stream().map(n -> "`" + n + "`").collect(Collectors.joining(" | "));
        return scalar(choices, text -> {
            V value = byName.get(text);
            if (value == null) {
                throw new IllegalArgumentException(Durations.quote(text) + " is not one of "
                        + String.join(", ", byName.keySet()) + Suggestions.didYouMean(text, byName.keySet()));
            }
            return value;
        }, configName::apply);
    }

    /** One of a fixed set of words, spelt as the constant's name in lower case with {@code -} for {@code _}. */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        return oneOf(type, ValueTypes::lowerCaseName);
    }

    public static String lowerCaseName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A list whose elements must all be acceptable, e.g. a model's input tags. */
    public static <T> ValueType<List<T>> listOf(ValueType<T> element) {
        return new ListType<>(element, false);
    }

    /**
     * A list of mappings (sources, tags): every element that is a mapping is kept, even with problems
     * inside, so checks across elements (duplicate names, tag references) still see it.
     */
    public static ValueType<List<SectionValues>> listOfSections(ValueType<SectionValues> element) {
        return new ListType<>(element, true);
    }

    public static ValueType<SectionValues> section(Section section) {
        return new SectionType(section);
    }

    /** The text of a single value, or empty after reporting why there is none. */
    static Optional<String> text(Node node, String expected, String keyPath, ReadContext ctx) {
        if (!YamlNodes.usable(node, keyPath, ctx)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar)) {
            ctx.problem(node, keyPath, "must be a single value (" + expected + "), not "
                    + YamlNodes.kind(node));
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    static String name(String text) {
        if (!NAME_PATTERN.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a name: use only letters, digits, `_`, `.` and `-`");
        }
        return text;
    }

    public static double number(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(text + " is too large");
        }
        return value;
    }

    static TagId tagId(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(Durations.quote(text)
                    + " is not a tag address: write source/tag, e.g. press1/pressure");
        }
        return new TagId(name(text.substring(0, slash)), name(text.substring(slash + 1)));
    }

    private static final class ListType<T> implements ValueType<List<T>> {
        private final ValueType<T> element;
        private final boolean keepAcceptable;

        ListType(ValueType<T> element, boolean keepAcceptable) {
            this.element = element;
            this.keepAcceptable = keepAcceptable;
        }

        @Override
        public String describe() {
            return "list of " + element.describe();
        }

        @Override
        public List<Section> sections() {
            return element.sections();
        }

        @Override
        public Optional<List<T>> read(Node node, String keyPath, ReadContext ctx) {
            if (!YamlNodes.usable(node, keyPath, ctx)) {
                return Optional.empty();
            }
            if (!(node instanceof SequenceNode sequence)) {
                ctx.problem(node, keyPath, "must be a list (`- ` lines or [a, b]), not " + YamlNodes.kind(node));
                return Optional.empty();
            }
            List<T> values = new ArrayList<>(sequence.getValue().size());
            boolean all = true;
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                Optional<T> value = element.read(items.get(i), keyPath + "[" + i + "]", ctx);
                value.ifPresent(values::add);
                all &= value.isPresent();
            }
            return all || keepAcceptable ? Optional.of(List.copyOf(values)) : Optional.empty();
        }

        @Override
        public Object toYaml(List<T> value) {
            return value.stream().map(element::toYaml).toList();
        }
    }

    static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(Durations.quote(text) + " is not a path: " + e.getReason());
        }
    }

    /** A path; relative ones are resolved against the folder of the config file. */
    private static final class PathType implements ValueType<Path> {
        private static final ValueType<Path> WRITTEN = scalar("path", ValueTypes::path, Path::toString);

        private final String description;
        private final Optional<Boolean> secretFile;

        /** @param secretFile empty for a path the daemon creates (a folder, a socket); for a file it reads, whether it holds a secret */
        PathType(String description, Optional<Boolean> secretFile) {
            this.description = description;
            this.secretFile = secretFile;
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public Optional<Path> read(Node node, String keyPath, ReadContext ctx) {
            return WRITTEN.read(node, keyPath, ctx).map(written -> {
                Path path = ctx.resolve(written);
                secretFile.ifPresent(secret -> ctx.referenceFile(new ReadContext.FileReference(path, secret, node, keyPath)));
                return path;
            });
        }

        @Override
        public Object toYaml(Path value) {
            return value.toString();
        }
    }
}
