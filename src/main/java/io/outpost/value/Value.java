package io.outpost.value;

import java.util.Objects;

/** A sample's value: a number, an exact integer, a boolean, a string, or {@link #NONE}. */
public sealed interface Value permits Value.Num, Value.Int, Value.Bool, Value.Text, Value.None {

    /** No reading: what a failed read carries when its source has nothing else to say (a {@code bad} sample). */
    Value NONE = new None();

    /** The value as a double for comparisons (deadband, alarms); NaN where it has none. */
    double asDouble();

    static Value of(double v) {
        return new Num(v);
    }

    static Value of(long v) {
        return new Int(v);
    }

    static Value of(boolean v) {
        return v ? Bool.TRUE : Bool.FALSE;
    }

    static Value of(String v) {
        return new Text(v);
    }

    /*
     * equals and hashCode below are written out, the same as a record's: the exception filter compares
     * every sample's value with the last one sent, and the generated ones go through method handles
     * that the gateway's C1-only JIT does not inline.
     */

    record Num(double value) implements Value {
        @Override
        public double asDouble() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Num n && Double.compare(value, n.value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }
    }

    /** Integers kept exact (int64 and uint32 registers do not fit a double's mantissa). */
    record Int(long value) implements Value {
        @Override
        public double asDouble() {
            return value;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Int i && value == i.value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    record Bool(boolean value) implements Value {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);

        @Override
        public double asDouble() {
            return value ? 1.0 : 0.0;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bool b && value == b.value;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(value);
        }
    }

    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public double asDouble() {
            return Double.NaN;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Text t && value.equals(t.value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    /** See {@link #NONE}: the only instance. */
    final class None implements Value {
        private None() {
        }

        @Override
        public double asDouble() {
            return Double.NaN;
        }

        @Override
        public String toString() {
            return "none";
        }
    }
}
