package io.outpost.source.opcua;

import io.outpost.config.Durations;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The OPC UA node id forms a config may name: {@code [ns=<index>;|nsu=<uri>;]<i=|s=|g=|b=><identifier>}.
 * Checked here without the OPC UA library (config loading must not load it), and exactly as strictly
 * as the source parses them later, so that a node id that validates is one the source can read.
 */
final class NodeIdSyntax {

    private static final Pattern GUID = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
    private static final String IDENTIFIER_FORMS = "the identifier must be i=<number>, s=<string>, g=<guid> "
            + "or b=<base64>, optionally after ns=<index>; or nsu=<uri>; e.g. ns=2;s=Line/Temperature or i=2258";
    private static final long MAX_NAMESPACE_INDEX = 65_535;
    private static final long MAX_NUMERIC_ID = 4_294_967_295L;

    private NodeIdSyntax() {
    }

    /** {@code text} when it is a node id, otherwise an {@link IllegalArgumentException} saying what is wrong. */
    static String check(String text) {
        String identifier = text;
        if (text.isEmpty()) {
            throw problem(text, "it is empty; write e.g. ns=2;s=Line/Temperature or i=2258");
        }
        if (text.startsWith("ns=")) {
            int semicolon = text.indexOf(';');
            String index = semicolon < 0 ? text.substring(3) : text.substring(3, semicolon);
            if (!DIGITS.matcher(index).matches() || Long.parseLong(index) > MAX_NAMESPACE_INDEX) {
                throw problem(text, "the namespace index after ns= must be a number from 0 to " + MAX_NAMESPACE_INDEX);
            }
            if (semicolon < 0) {
                throw problem(text, "ns=" + index + " needs an identifier after `;`, e.g. ns=" + index + ";s=Temperature");
            }
            identifier = text.substring(semicolon + 1);
        } else if (text.startsWith("nsu=")) {
            int semicolon = text.indexOf(';');
            if (semicolon < 0) {
                throw problem(text, "nsu=<uri> needs an identifier after `;`, e.g. nsu=urn:example:plc;s=Temperature");
            }
            if (semicolon == 4) {
                throw problem(text, "the namespace URI after nsu= is empty");
            }
            identifier = text.substring(semicolon + 1);
        }
        checkIdentifier(text, identifier);
        return text;
    }

    private static void checkIdentifier(String text, String identifier) {
        if (identifier.length() < 2 || identifier.charAt(1) != '=') {
            throw problem(text, IDENTIFIER_FORMS);
        }
        String value = identifier.substring(2);
        switch (identifier.charAt(0)) {
            case 'i' -> {
                if (!DIGITS.matcher(value).matches() || Long.parseLong(value) > MAX_NUMERIC_ID) {
                    throw problem(text, "the identifier after i= must be a number from 0 to " + MAX_NUMERIC_ID);
                }
            }
            case 's' -> {
                if (value.isEmpty()) {
                    throw problem(text, "the string after s= is empty");
                }
            }
            case 'g' -> {
                if (!GUID.matcher(value).matches()) {
                    throw problem(text, "the identifier after g= must be a GUID, e.g. g=72962b91-fa75-4ae6-8d28-b404dc7daf63");
                }
            }
            case 'b' -> {
                if (value.isEmpty() || !decodes(value)) {
                    throw problem(text, "the identifier after b= must be base64 bytes, e.g. b=AQID");
                }
            }
            default -> throw problem(text, IDENTIFIER_FORMS);
        }
    }

    private static boolean decodes(String base64) {
        try {
            Base64.getDecoder().decode(base64);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException problem(String text, String why) {
        return new IllegalArgumentException(Durations.quote(text) + " is not an OPC UA node id: " + why);
    }
}
