package io.outpost.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a config back as YAML with every default spelt out: what the daemon will actually run
 * with. The output is itself a valid config that loads to an equal {@link OutpostConfig}. Every key
 * is printed through its declaration, walking the file's schema, so none can be left out.
 */
public final class ConfigPrinter {

    private final Schema<OutpostConfig> root;

    /** @param catalog the source types the configs it prints may hold */
    public ConfigPrinter(SourceCatalog catalog) {
        this.root = FileSchema.of(catalog).root();
    }

    public String toYaml(OutpostConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        root.print(config, out);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(200);
        options.setDereferenceAliases(true); // equal empty lists must not come out as an anchor and an alias
        return new Yaml(options).dump(out);
    }
}
