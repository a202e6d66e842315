package io.outpost.source;

import io.outpost.config.SourceConfig;
import io.outpost.config.SourceSchema;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A source type whole: how its config is declared and read ({@link SourceSchema}) and how its
 * source is built. Each type's folder declares one; the gateway's registry lists them.
 *
 * <p>Building refers to the type's source classes only when it runs, so a type no config names
 * never loads its code or its libraries.
 */
public record SourceType<C extends SourceConfig>(SourceSchema<C, ?> schema, BiFunction<C, SourceContext, Source> build) {

    public SourceType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(build, "build");
    }

    public String name() {
        return schema.typeName();
    }

    /** The source for {@code config}, not yet started; the config must be of this type. */
    public Source create(SourceConfig config, SourceContext context) {
        return build.apply(schema.configClass().cast(config), context);
    }
}
