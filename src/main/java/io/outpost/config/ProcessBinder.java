package io.outpost.config;

import static io.outpost.config.ProcessKeys.*;

import io.outpost.value.TagId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns {@code models:} and {@code alarms:} into records, checking what needs more than one entry in
 * view: unique names, and that every tag they name exists (a source's tag or a model's output).
 * The rules within one entry are its schema's.
 */
final class ProcessBinder {

    private final ReadContext ctx;
    private final TagIndex tags;

    ProcessBinder(ReadContext ctx, TagIndex tags) {
        this.ctx = ctx;
        this.tags = tags;
    }

    /** Binds the models; their outputs enter the tag index first, so models may feed each other in any order. */
    List<ModelConfig> models(List<SectionValues> models) {
        Uniqueness<String> names = Uniqueness.named(ctx, "model name");
        for (SectionValues model : models) {
            names.add(model, MODEL_NAME);
            model.find(OUTPUT).ifPresent(output -> addOutput(model, output));
        }
        List<ModelConfig> bound = new ArrayList<>();
        for (SectionValues model : models) {
            checkInputs(model);
            MODEL.enforce(model, ctx);
            model.build(ProcessKeys::model).ifPresent(bound::add);
        }
        return bound;
    }

    private void addOutput(SectionValues model, TagId output) {
        Optional<TagIndex.Origin> existing = tags.find(output);
        if (existing.isEmpty()) {
            tags.addModelOutput(output, model.node(OUTPUT), model.find(MODEL_NAME).orElse("?"));
            return;
        }
        int line = existing.get().node().getStartMark().getLine() + 1;
        ctx.problem(model.node(OUTPUT), model.path(OUTPUT), existing.get().model()
                .map(other -> "`" + output + "` is already the output of model `" + other + "` (line " + line + ")")
                .orElse("`" + output + "` is already a tag of source `" + output.source() + "` (line " + line
                        + "); give the output a name of its own"));
    }

    private void checkInputs(SectionValues model) {
        List<TagId> inputs = model.get(INPUTS);
        if (inputs == null || !(model.node(INPUTS) instanceof SequenceNode sequence)) {
            return;
        }
        TagId output = model.get(OUTPUT);
        Set<TagId> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            TagId input = inputs.get(i);
            Node node = sequence.getValue().get(i);
            String path = model.path(INPUTS) + "[" + i + "]";
            if (input.equals(output)) {
                ctx.problem(node, path, "`" + input + "` is this model's own output");
            } else if (tags.find(input).isEmpty()) {
                ctx.problem(node, path, tags.unknown(input));
            } else if (!seen.add(input)) {
                ctx.problem(node, path, "`" + input + "` is listed twice");
            }
        }
    }

    List<AlarmConfig> alarms(List<SectionValues> alarms) {
        Uniqueness<String> names = Uniqueness.named(ctx, "alarm name");
        List<AlarmConfig> bound = new ArrayList<>();
        for (SectionValues alarm : alarms) {
            names.add(alarm, ALARM_NAME);
            alarm.find(ALARM_TAG).filter(tag -> tags.find(tag).isEmpty())
                    .ifPresent(tag -> ctx.problem(alarm.node(ALARM_TAG), alarm.path(ALARM_TAG), tags.unknown(tag)));
            ALARM.enforce(alarm, ctx);
            alarm.build(ProcessKeys::alarm).ifPresent(bound::add);
        }
        return bound;
    }
}
