package io.outpost.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a config file into a validated {@link OutpostConfig}, or into the complete list of its
 * problems ({@code FILE:LINE:COL: key.path: message}, see {@link ConfigProblem}).
 *
 * <p>Every key is declared once (type, default, checks, doc) in {@link ConfigSchema},
 * {@link ProcessKeys}, {@link UplinkKeys} and, for sources, in each type's {@link SourceSchema};
 * reading, defaults and {@code docs/config.md} all come from there. Relative paths in the file are
 * resolved against the folder of the file. Immutable and thread-safe.
 */
public final class ConfigLoader {

    /** Larger files are refused unread: a real config is a few hundred KB at most. */
    public static final long MAX_FILE_BYTES = YamlDocument.MAX_CODE_POINTS;

    private final FileSchema schema;

    /** @param catalog the source types a config may name */
    public ConfigLoader(SourceCatalog catalog) {
        this.schema = FileSchema.of(catalog);
    }

    /** Loads and validates the file; problems name it as given. */
    public ConfigResult load(Path file) {
        ReadContext unreadable = new ReadContext(file, baseDir(file));
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                unreadable.problemAtStart("the file is " + Sizes.format(size) + "; a config may be at most "
                        + Sizes.format(MAX_FILE_BYTES));
                return result(unreadable, Optional.empty());
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return parse(text, file);
        } catch (NoSuchFileException e) {
            unreadable.problemAtStart("no such file");
        } catch (CharacterCodingException e) {
            unreadable.problemAtStart("not UTF-8 text");
        } catch (IOException e) {
            unreadable.problemAtStart("cannot read the file: " + e);
        }
        return result(unreadable, Optional.empty());
    }

    /**
     * Validates YAML text as if it were the file {@code file}: problems name that file, and relative
     * paths resolve against its folder (the working directory when it has none).
     */
    public ConfigResult parse(String yamlText, Path file) {
        ReadContext ctx = new ReadContext(file, baseDir(file));
        Optional<Node> root = YamlDocument.compose(yamlText, ctx);
        Optional<OutpostConfig> config = root
                .flatMap(node -> ValueTypes.section(schema.root().section()).read(node, "", ctx))
                .flatMap(values -> new ConfigBinder(ctx, schema).bind(values));
        return result(ctx, config);
    }

    private static ConfigResult result(ReadContext ctx, Optional<OutpostConfig> config) {
        List<ConfigProblem> problems = ctx.problems();
        return new ConfigResult(problems.isEmpty() ? config : Optional.empty(), problems, FileWarnings.check(ctx));
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }
}
