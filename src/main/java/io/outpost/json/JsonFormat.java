package io.outpost.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * The one Jackson configuration of the daemon, for writing and reading alike. Built once and never
 * reconfigured: Jackson's factory is thread-safe in that state, and generators and parsers made from it
 * belong to the thread that made them.
 */
final class JsonFormat {

    /** Nesting deeper than this is refused by the reader (the top-level value is level 0). */
    static final int MAX_DEPTH = 32;

    static final JsonFactory FACTORY = new JsonFactoryBuilder()
            // Bytes as records have always had them: a control character's hex escape in lower case, a
            // backspace and a form feed as hex escapes too (text beyond the BMP: JsonOutput.string).
            .characterEscapes(new RecordEscapes())
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    private JsonFormat() {
    }

    /** Jackson's standard escapes, except that backspace and form feed get hex escapes, not their short ones. */
    private static final class RecordEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        RecordEscapes() {
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
