package io.outpost.source.opcua;

import io.outpost.value.Quality;
import io.outpost.value.Value;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Maps OPC UA built-in scalars and status codes onto Outpost values and qualities. */
final class OpcUaValues {

    private OpcUaValues() {
    }

    /**
     * The value of a built-in scalar, or empty for arrays, structures and anything else Outpost
     * cannot carry as one number, boolean or string.
     */
    static Optional<Value> toValue(Object raw) {
        if (raw instanceof Boolean b) {
            return Optional.of(Value.of(b));
        }
        if (raw instanceof Byte || raw instanceof Short || raw instanceof Integer || raw instanceof Long) {
            return Optional.of(Value.of(((Number) raw).longValue()));
        }
        if (raw instanceof UByte || raw instanceof UShort || raw instanceof UInteger) {
            return Optional.of(Value.of(((Number) raw).longValue()));
        }
        if (raw instanceof ULong u) {
            // Beyond Long.MAX_VALUE a uint64 keeps its magnitude as a double rather than wrapping.
            return Optional.of(u.longValue() >= 0 ? Value.of(u.longValue()) : Value.of(Double.parseDouble(Long.toUnsignedString(u.longValue()))));
        }
        if (raw instanceof Float || raw instanceof Double) {
            return Optional.of(Value.of(((Number) raw).doubleValue()));
        }
        if (raw instanceof String s) {
            return Optional.of(Value.of(s));
        }
        if (raw instanceof LocalizedText t) {
            return Optional.of(Value.of(t.getText() == null ? "" : t.getText()));
        }
        if (raw instanceof DateTime d) {
            return Optional.of(Value.of(d.getJavaTime()));
        }
        if (raw instanceof ByteString b) {
            return Optional.of(Value.of(b.isNull() ? "" : java.util.HexFormat.of().formatHex(b.bytesOrEmpty())));
        }
        return Optional.empty();
    }

    static Quality quality(StatusCode status) {
        if (status == null || status.isGood()) {
            return Quality.GOOD;
        }
        return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
    }

    /** The status code's symbolic name and description, e.g. "Bad_NodeIdUnknown (The node id refers to ...)". */
    static String describe(StatusCode status) {
        return StatusCodes.lookup(status.getValue())
                .map(names -> names.length > 1 && !names[1].isEmpty() ? names[0] + " (" + names[1] + ")" : names[0])
                .orElse(String.format("0x%08X", status.getValue()));
    }
}
