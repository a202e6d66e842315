package io.outpost.source.opcua;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.UaException;

/** One-line operator messages for the failures Milo raises. */
public final class OpcUaErrors {

    /**
     * Milo wraps a cause's text as {@code UaException: status=…, message=…}, and Netty's and the JDK's
     * texts often start with their class name: neither tells an operator anything.
     */
    private static final Pattern NOISE = Pattern.compile(
            "^(?:UaException: status=\\w+, message=|(?:[a-z]\\w*\\.)+[A-Z][\\w$]*: )");

    private OpcUaErrors() {
    }

    /** The status codes and messages along the cause chain, each said once, e.g. "Bad_ConnectionRejected (…): Connection refused: /127.0.0.1:4840". */
    public static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UaException ua) {
                add(parts, OpcUaValues.describe(ua.getStatusCode()));
            }
            add(parts, text(t));
        }
        return parts.isEmpty() ? e.toString() : String.join(": ", parts);
    }

    private static String text(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        String text = t.getMessage();
        while (text != null) {
            String stripped = NOISE.matcher(text).replaceFirst("");
            if (stripped.equals(text)) {
                break;
            }
            text = stripped;
        }
        return text;
    }

    /** Adds {@code part} unless already said; a part that says more than the last one replaces it. */
    private static void add(List<String> parts, String part) {
        if (part == null || part.isBlank() || parts.stream().anyMatch(p -> p.contains(part))) {
            return;
        }
        if (!parts.isEmpty() && part.contains(parts.get(parts.size() - 1))) {
            parts.set(parts.size() - 1, part);
        } else {
            parts.add(part);
        }
    }
}
