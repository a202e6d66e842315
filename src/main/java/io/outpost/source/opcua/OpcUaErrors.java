package io.outpost.source.opcua;

import org.eclipse.milo.opcua.stack.core.UaException;

/** One-line operator messages for the failures Milo raises. */
final class OpcUaErrors {

    private OpcUaErrors() {
    }

    static String describe(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String part = t instanceof UaException ua ? OpcUaValues.describe(ua.getStatusCode()) + ": " + ua.getMessage()
                    : t.getMessage();
            if (part != null && all.indexOf(part) < 0) {
                if (!all.isEmpty()) {
                    all.append(": ");
                }
                all.append(part);
            }
        }
        return all.isEmpty() ? e.toString() : all.toString();
    }
}
