package io.outpost.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds; fails the test with a description when it does not in time. */
public final class Await {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition, () -> "");
    }

    public static void until(String what, BooleanSupplier condition, Supplier<?> state) {
        until(what, DEFAULT_TIMEOUT, condition, state);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toSeconds() + "s waiting for: " + what + " " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }
}
