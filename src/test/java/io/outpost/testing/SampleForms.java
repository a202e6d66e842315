package io.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.value.Sample;
import io.outpost.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples as one line each, {@code tag ts quality kind value}, made either from a {@link Sample} or from a
 * decoded record's sample, so a test compares what went in with what a decoder gave back, value type
 * included: an integer is not a float of the same value, {@code -0.0} is not {@code 0.0}.
 */
public final class SampleForms {

    private SampleForms() {
    }

    public static String of(Sample s) {
        Value v = s.reading().orElse(Value.NONE);
        String value;
        if (v instanceof Value.Num n) {
            value = "float " + Double.toString(n.value());
        } else if (v instanceof Value.Int i) {
            value = "int " + i.value();
        } else if (v instanceof Value.Bool b) {
            value = "bool " + b.value();
        } else if (v instanceof Value.Text t) {
            value = "text " + t.value();
        } else {
            value = "null";
        }
        return s.tag() + " " + s.tsMillis() + " " + s.quality().wireName() + " " + value;
    }

    /** A decoded sample {@code {"t","ts","v","q"}}; a float's NaN or infinity must be a float here, not a string. */
    public static String of(JsonNode s) {
        JsonNode v = s.get("v");
        String value;
        if (v == null) {
            value = "missing";
        } else if (v.isNull()) {
            value = "null";
        } else if (v.isIntegralNumber()) {
            value = "int " + v.bigIntegerValue(); // not longValue(), which would wrap a number beyond int64
        } else if (v.isFloatingPointNumber()) {
            value = "float " + Double.toString(v.doubleValue());
        } else if (v.isBoolean()) {
            value = "bool " + v.booleanValue();
        } else {
            value = "text " + v.textValue();
        }
        return s.get("t").textValue() + " " + s.get("ts").longValue() + " " + s.get("q").textValue() + " " + value;
    }

    /** Each tag's samples in order; the order between tags is left out (a compact record groups by tag). */
    public static Map<String, List<String>> byTag(List<String> forms) {
        Map<String, List<String>> byTag = new TreeMap<>();
        for (String form : forms) {
            byTag.computeIfAbsent(form.substring(0, form.indexOf(' ')), t -> new ArrayList<>()).add(form);
        }
        return byTag;
    }

    public static Map<String, List<String>> ofSamples(List<Sample> samples) {
        return byTag(samples.stream().map(SampleForms::of).toList());
    }

    public static Map<String, List<String>> ofDecoded(JsonNode record) {
        List<String> forms = new ArrayList<>();
        record.get("samples").forEach(s -> forms.add(of(s)));
        return byTag(forms);
    }
}
