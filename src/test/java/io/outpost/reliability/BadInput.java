package io.outpost.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** What the bad-input properties share: the one check (a result or our clear error) and input edits. */
final class BadInput {

    /** Parsing, which may throw anything: the code under test. */
    interface Parse {
        void run() throws Exception;
    }

    private BadInput() {
    }

    /**
     * Runs {@code parse} on {@code input}: true when it parsed, false when it was refused with a
     * {@code refusal} whose message starts with {@code prefix}; anything else fails the property.
     */
    static boolean parsesOrIsRefused(Class<? extends Exception> refusal, String prefix, Object input, Parse parse) {
        try {
            parse.run();
            return true;
        } catch (Exception e) {
            if (!refusal.isInstance(e)) {
                fail(describe(input) + " escaped as " + e, e);
            }
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(prefix), "unclear refusal: " + e.getMessage());
            return false;
        } catch (Error e) {
            fail(describe(input) + " escaped as " + e, e);
            return false;
        }
    }

    /** {@code valid} with one to four edits: a byte replaced, a byte or an alphabet character inserted, a cut. */
    static Arbitrary<byte[]> edits(byte[] valid, String alphabet) {
        byte[] chars = alphabet.getBytes(StandardCharsets.UTF_8);
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.bytes(), Arbitraries.of(box(chars))).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4).map(list -> {
            byte[] b = valid.clone();
            for (Edit e : list) {
                b = e.apply(b);
            }
            return b;
        });
    }

    private record Edit(int kind, int position, byte any, byte fromAlphabet) {
        byte[] apply(byte[] b) {
            int at = position % (b.length + 1);
            return switch (kind) {
                case 0 -> replace(b, at, fromAlphabet);
                case 1 -> splice(b, at, any);
                case 2 -> splice(b, at, fromAlphabet);
                default -> Arrays.copyOfRange(b, 0, at);
            };
        }
    }

    private static Byte[] box(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }

    private static byte[] replace(byte[] b, int at, byte with) {
        byte[] out = b.clone();
        if (at < out.length) {
            out[at] = with;
        }
        return out;
    }

    private static byte[] splice(byte[] b, int at, byte insert) {
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = insert;
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
    }

    private static String describe(Object input) {
        String text = input instanceof byte[] bytes ? Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 200)))
                : input instanceof int[] ints ? Arrays.toString(ints) : String.valueOf(input);
        return "input " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
    }
}
