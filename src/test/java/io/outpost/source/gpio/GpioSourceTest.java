package io.outpost.source.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.outpost.source.gpio.GpioSourceConfig.Provider;
import io.outpost.source.gpio.GpioTagConfig.Direction;
import io.outpost.source.gpio.GpioTagConfig.Level;
import io.outpost.source.gpio.GpioTagConfig.Pull;
import io.outpost.source.gpio.GpioTagConfig.SafeState;
import io.outpost.config.ReportPolicy;
import io.outpost.value.Sample;
import io.outpost.value.TagId;
import io.outpost.value.Value;
import io.outpost.process.ExceptionFilter;
import io.outpost.source.WriteRefusedException;
import io.outpost.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPIO source on Pi4J's mock provider: real Pi4J pins, no hardware. */
class GpioSourceTest {

    private final List<Sample> samples = new ArrayList<>();
    private final List<Long> arrivalNanos = new ArrayList<>();
    private GpioSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void sendsTheLevelAtStartThenEveryEdgeAtOnce() {
        start(input("door", 17, false, Duration.ZERO), input("float", 27, true, Duration.ZERO));
        assertEquals(List.of(false), values("door"), "the level at start-up");
        assertEquals(List.of(true), values("float"), "inverted: a low pin is true");

        mockInput("door").mockState(DigitalState.HIGH);
        mockInput("door").mockState(DigitalState.LOW);
        mockInput("float").mockState(DigitalState.HIGH);

        assertEquals(List.of(false, true, false), values("door"), "each edge is a sample, sent before mockState returns");
        assertEquals(List.of(true, false), values("float"));
        assertEquals(4 + 1, source.health().reads());
        assertTrue(source.health().up());
    }

    @Test
    void debounceDropsPulsesShorterThanItAndSendsALevelThatStays() {
        // Long enough that a stalled test thread on a busy machine cannot stretch a bounce past it.
        Duration debounce = Duration.ofSeconds(2);
        start(input("door", 17, false, debounce));
        MockDigitalInput door = mockInput("door");

        // A bounce: high and back within microseconds, far shorter than the debounce.
        door.mockState(DigitalState.HIGH);
        door.mockState(DigitalState.LOW);
        door.mockState(DigitalState.HIGH);
        door.mockState(DigitalState.LOW);
        // Then a real change that stays.
        long edgeAt = System.nanoTime();
        door.mockState(DigitalState.HIGH);

        Await.until("the lasting change is sent", () -> values("door").size() == 2, () -> values("door"));
        assertEquals(List.of(false, true), values("door"), "the bounces never reached the sink");
        assertTrue(arrival(1) - edgeAt >= debounce.toNanos(), "sent only after the level held for the debounce");
    }

    @Test
    void aPinThatNeverChangesIsStillSentAgainAfterMaxAge() {
        Duration maxAge = Duration.ofMillis(300);
        GpioTagConfig door = new GpioTagConfig("door", 17, Direction.INPUT, Pull.UP, Duration.ZERO, false, Level.LOW,
                SafeState.LOW, new ReportPolicy(Optional.empty(), Optional.of(maxAge)));
        GpioTagConfig lamp = new GpioTagConfig("lamp", 22, Direction.OUTPUT, Pull.NONE, Duration.ZERO, false, Level.HIGH,
                SafeState.LOW, new ReportPolicy(Optional.empty(), Optional.of(maxAge)));
        ExceptionFilter filter = new ExceptionFilter(Map.of(new TagId("panel", "door"), door.report(),
                new TagId("panel", "lamp"), lamp.report()), this::collect);
        source = new GpioSource(config(Provider.MOCK, door, lamp), System::currentTimeMillis);
        source.start(filter);

        Await.until("the unchanged levels sent again", () -> values("door").size() >= 3 && values("lamp").size() >= 3,
                () -> samples);
        assertEquals(List.of(false, false, false), values("door").subList(0, 3));
        assertEquals(List.of(true, true, true), values("lamp").subList(0, 3));
        List<Long> doorTimes = times("door");
        assertTrue(doorTimes.get(1) - doorTimes.get(0) >= maxAge.toMillis(), "not before max_age: " + doorTimes);
    }

    @Test
    void anOutputStartsAtItsInitialLevelIsSetByWriteAndReadsBack() {
        start(output("lamp", 22, false, Level.LOW, SafeState.LOW), output("relay", 23, true, Level.HIGH, SafeState.HIGH));
        assertEquals(List.of(false), values("lamp"));
        assertEquals(List.of(false), values("relay"), "active-low relay initialized high is off");

        assertEquals(Value.of(true), source.write("lamp", Value.of(true)));
        assertEquals(DigitalState.HIGH, pin("lamp").state());
        assertEquals(Value.of(true), source.write("relay", Value.of(true)));
        assertEquals(DigitalState.LOW, pin("relay").state(), "invert: true drives the pin low");
        assertEquals(List.of(false, true), values("lamp"), "the new level is sent as a sample");
    }

    @Test
    void refusesWritesToInputsUnknownTagsAndNonBooleans() {
        start(input("door", 17, false, Duration.ZERO), output("lamp", 22, false, Level.LOW, SafeState.LOW));
        assertEquals("tag panel/door is an input; only output pins can be set",
                assertThrows(WriteRefusedException.class, () -> source.write("door", Value.of(true))).getMessage());
        assertEquals("unknown tag panel/nope",
                assertThrows(WriteRefusedException.class, () -> source.write("nope", Value.of(true))).getMessage());
        assertEquals("tag panel/lamp is a GPIO output: its value is true or false, not 3",
                assertThrows(WriteRefusedException.class, () -> source.write("lamp", Value.of(3L))).getMessage());
    }

    @Test
    void closeDrivesOutputsToTheirSafeLevelOrHoldsThem() {
        start(output("low", 22, false, Level.HIGH, SafeState.LOW), output("high", 23, false, Level.LOW, SafeState.HIGH),
                output("hold", 24, false, Level.LOW, SafeState.HOLD));
        source.write("hold", Value.of(true));
        DigitalOutput low = pin("low");
        DigitalOutput high = pin("high");
        DigitalOutput hold = pin("hold");

        source.close();

        assertEquals(DigitalState.LOW, low.state());
        assertEquals(DigitalState.HIGH, high.state());
        assertEquals(DigitalState.HIGH, hold.state());
        assertFalse(source.health().up());
        assertEquals("source 'panel' is not running",
                assertThrows(WriteRefusedException.class, () -> source.write("hold", Value.of(false))).getMessage());
    }

    @Test
    void aPinThatCannotBeOpenedFailsTheSourceNamingThePinAndReleasesWhatItTook() {
        // Two tags on one Pi4J id: validation never lets this through, Pi4J refuses the second pin.
        source = new GpioSource(config(Provider.MOCK, output("lamp", 22, false, Level.LOW, SafeState.LOW),
                input("lamp", 5, false, Duration.ofMillis(20))), System::currentTimeMillis);
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> source.start(this::collect));
        assertTrue(e.getMessage().startsWith("source 'panel': pin 5 (tag lamp) cannot be opened: "), e.getMessage());
        assertTrue(source.pi4j().isEmpty(), "the Pi4J context was shut down");
        Await.until("no gpio-panel thread left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("gpio-panel") && t.isAlive()));
        assertFalse(source.health().up());
    }

    @Test
    void autoWithoutAGpioChipFailsWithTheFix(@TempDir Path dev) {
        GpioSource auto = new GpioSource(config(Provider.AUTO, input("door", 17, false, Duration.ZERO)),
                System::currentTimeMillis, new GpioContexts(dev, "amd64"));
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> auto.start(samples::add));
        assertEquals("source 'panel': provider auto: no GPIO chip (" + dev.resolve("gpiochip*") + " missing); on a "
                + "Raspberry Pi check the kernel (Raspberry Pi OS Bookworm has it), elsewhere use provider: mock", e.getMessage());
        auto.close();
    }

    @Test
    void gpiodOffArmSaysWhichMachinesItRunsOn(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        GpioSource gpiod = new GpioSource(config(Provider.GPIOD, input("door", 17, false, Duration.ZERO)),
                System::currentTimeMillis, new GpioContexts(dev, "amd64"));
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> gpiod.start(samples::add));
        assertTrue(e.getMessage().startsWith("source 'panel': provider gpiod: the gpiod driver has native code for 64-bit "
                + "and 32-bit ARM Linux only"), e.getMessage());
        assertTrue(e.getMessage().endsWith("this JVM is amd64; run on the Raspberry Pi itself, or use provider: mock"));
    }

    private void start(GpioTagConfig... tags) {
        source = new GpioSource(config(Provider.MOCK, tags), System::currentTimeMillis);
        source.start(this::collect);
    }

    private void collect(Sample sample) {
        synchronized (samples) {
            samples.add(sample);
            arrivalNanos.add(System.nanoTime());
        }
    }

    private List<Long> times(String tag) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.tag().name().equals(tag)).map(Sample::tsMillis).toList();
        }
    }

    private static GpioSourceConfig config(Provider provider, GpioTagConfig... tags) {
        return new GpioSourceConfig("panel", provider, List.of(tags));
    }

    static GpioTagConfig input(String name, int pin, boolean invert, Duration debounce) {
        return new GpioTagConfig(name, pin, Direction.INPUT, Pull.NONE, debounce, invert, Level.LOW, SafeState.LOW, ReportPolicy.EVERY_CHANGE);
    }

    static GpioTagConfig output(String name, int pin, boolean invert, Level initial, SafeState safe) {
        return new GpioTagConfig(name, pin, Direction.OUTPUT, Pull.NONE, Duration.ZERO, invert, initial, safe, ReportPolicy.EVERY_CHANGE);
    }

    private MockDigitalInput mockInput(String tag) {
        return source.pi4j().orElseThrow().io(tag, MockDigitalInput.class);
    }

    private DigitalOutput pin(String tag) {
        return source.pi4j().orElseThrow().io(tag, DigitalOutput.class);
    }

    private List<Object> values(String tag) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.tag().equals(new TagId("panel", tag)))
                    .map(s -> (Object) ((Value.Bool) s.value()).value()).toList();
        }
    }

    private long arrival(int indexOfDoorSample) {
        synchronized (samples) {
            int seen = 0;
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).tag().name().equals("door") && seen++ == indexOfDoorSample) {
                    return arrivalNanos.get(i);
                }
            }
        }
        throw new AssertionError("no sample " + indexOfDoorSample);
    }
}
