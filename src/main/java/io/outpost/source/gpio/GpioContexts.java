package io.outpost.source.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.outpost.source.gpio.GpioSourceConfig.Provider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens the Pi4J context of one GPIO source with exactly the providers its {@code provider:} names,
 * added by hand: Pi4J's plugin discovery would load every plugin on the class path (the mock one
 * included) and pick between them by priority.
 */
final class GpioContexts {

    static final String GPIO_GROUP_FIX = "add the daemon's user to the gpio group (usermod -aG gpio outpost) "
            + "and keep SupplementaryGroups=gpio in outpost.service";

    private final Path devDir;
    private final String arch;

    /**
     * @param devDir where the GPIO character devices are ({@code /dev})
     * @param arch the JVM's {@code os.arch}
     */
    GpioContexts(Path devDir, String arch) {
        this.devDir = devDir;
        this.arch = arch;
    }

    static GpioContexts system() {
        return new GpioContexts(Path.of("/dev"), System.getProperty("os.arch", ""));
    }

    /** The context for {@code provider}, or {@link GpioUnavailableException} saying why not and what to do. */
    Context open(String source, Provider provider) {
        return switch (provider) {
            case MOCK -> Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook()
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                    .build();
            case GPIOD -> gpiod(source, "provider gpiod");
            case AUTO -> gpiod(source, "provider auto");
        };
    }

    private Context gpiod(String source, String provider) {
        List<Path> chips = chips();
        if (chips.isEmpty()) {
            throw new GpioUnavailableException("source '" + source + "': " + provider + ": no GPIO chip ("
                    + devDir.resolve("gpiochip*") + " missing); on a Raspberry Pi check the kernel (Raspberry Pi OS "
                    + "Bookworm has it), elsewhere use provider: mock");
        }
        if (!armLinux()) {
            throw new GpioUnavailableException("source '" + source + "': " + provider + ": the gpiod driver has native "
                    + "code for 64-bit and 32-bit ARM Linux only (aarch64, armhf), this JVM is " + arch
                    + "; run on the Raspberry Pi itself, or use provider: mock");
        }
        for (Path chip : chips) {
            if (!Files.isReadable(chip) || !Files.isWritable(chip)) {
                throw new GpioUnavailableException("source '" + source + "': no permission to open " + chip + "; "
                        + GPIO_GROUP_FIX);
            }
        }
        try {
            return Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook()
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("source '" + source + "': " + provider + ": libgpiod could not be "
                    + "loaded (" + e.getMessage() + "); " + GPIO_GROUP_FIX + ", or use provider: mock", e);
        }
    }

    private boolean armLinux() {
        String a = arch.toLowerCase(Locale.ROOT);
        return a.equals("aarch64") || a.equals("arm64") || a.startsWith("arm");
    }

    private List<Path> chips() {
        List<Path> chips = new ArrayList<>();
        if (!Files.isDirectory(devDir)) {
            return chips;
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(devDir, "gpiochip*")) {
            found.forEach(chips::add);
        } catch (IOException e) {
            return chips;
        }
        chips.sort(null);
        return chips;
    }
}
