package io.outpost.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code docs/config.md}, the config reference, from the key declarations, so the docs
 * cannot drift from what the loader accepts. A test fails when the committed file differs.
 *
 * The source types come from the catalog the gateway's registry makes, each declared beside its code.
 */
public final class ConfigReference {

    static final String REGENERATE = "mvn -o -q test -Dtest=ConfigReferenceTest -Doutpost.regenerateDocs=true";

    private ConfigReference() {
    }

    public static String markdown(SourceCatalog catalog) {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Configuration reference

                <!-- Generated from the key declarations in src/main/java/io/outpost/config/ and, for each source
                     type, src/main/java/io/outpost/source/<type>/, by ConfigReference.
                     Do not edit by hand; regenerate with:
                     %s -->

                Outpost reads one YAML file: `-c FILE`, else `$OUTPOST_CONFIG`, else `/etc/outpost/outpost.yaml`.
                `outpost validate` checks it and prints every problem at once, sorted by position, one per line:

                ```
                FILE:LINE:COL: key.path: message
                ```

                The key path names the setting from the top of the file, with zero-based list indices:
                `sources[0].tags[1].deadband`. A problem with no key (a YAML syntax error, an unreadable
                file) is `FILE:LINE:COL: message`.

                ## Values

                - **Durations** are a whole number directly followed by a unit: `250ms`, `5s`, `2m`, `1h`.
                  A bare number (`5`), a space (`5 s`) or a fraction (`1.5s`) is refused: write `5s`, `1500ms`.
                - **Sizes** are a whole number and `B`, `KB`, `MB` or `GB`, powers of 1024: `64KB`, `256MB`, `1GB`.
                - **Names** of sources, tags, models and alarms use letters, digits, `_`, `.` and `-`. A tag is
                  addressed as `source/tag`; a model's output is such an address too.
                - **Paths** may be relative: they are resolved against the folder of the config file.
                - **Secrets are never inline.** `*_file` keys point to files. Files are not required to exist
                  when a config is validated (it may be checked away from the gateway): a missing file, or a
                  secret file readable by its group or others, is a warning, not an error.
                - A key written with no value (`key:`) is an error: remove the key to get its default.
                - Unknown keys are errors, with a "did you mean" when a known key is close. So is a key
                  written twice in one mapping.
                - Values are read from their text, so quoting never changes them (`port: "502"` is 502).
                - Anchors, aliases and merge keys (`<<: *modbus_defaults`) work; YAML tags (`!foo`) are refused.

                """.formatted(REGENERATE));
        for (Section section : sections(catalog)) {
            section(out, section);
        }
        return out.toString();
    }

    /** Every section, depth first from the top of the file, each once. */
    static List<Section> sections(SourceCatalog catalog) {
        List<Section> ordered = new ArrayList<>();
        visit(FileSchema.of(catalog).root().section(), ordered, Collections.newSetFromMap(new IdentityHashMap<>()));
        return ordered;
    }

    private static void visit(Section section, List<Section> ordered, Set<Section> seen) {
        if (!seen.add(section)) {
            return;
        }
        ordered.add(section);
        for (Key<?> key : section.keys()) {
            for (Section nested : key.type().sections()) {
                visit(nested, ordered, seen);
            }
        }
    }

    private static void section(StringBuilder out, Section section) {
        out.append("<a id=\"").append(anchor(section)).append("\"></a>\n\n");
        out.append("## ").append(heading(section)).append("\n\n");
        out.append(section.doc()).append("\n\n");
        out.append("| key | type | default | description |\n");
        out.append("|---|---|---|---|\n");
        for (Key<?> key : section.keys()) {
            out.append("| `").append(key.name()).append("` | ")
                    .append(cell(type(key))).append(" | ")
                    .append(cell(key.describeDefault())).append(" | ")
                    .append(cell(key.doc())).append(" |\n");
        }
        out.append('\n');
        if (!section.rules().isEmpty()) {
            out.append("Rules:\n\n");
            section.rules().forEach(rule -> out.append("- ").append(rule).append('\n'));
            out.append('\n');
        }
    }

    private static String heading(Section section) {
        String where = section.path().isEmpty() ? "Top level" : "`" + section.path() + "`";
        return section.qualifier().isEmpty() ? where : where + " (" + section.qualifier() + ")";
    }

    private static String type(Key<?> key) {
        String checks = key.checks().stream().map(Check::describe).collect(Collectors.joining(", "));
        return checks.isEmpty() ? key.type().describe() : key.type().describe() + ", " + checks;
    }

    static String anchor(Section section) {
        String text = (section.path().isEmpty() ? "top-level" : section.path()) + " " + section.qualifier();
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
