package io.outpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built packages, read with Debian's own tools (dpkg-deb, lintian, file): their files against
 * SPEC §7, their control fields against the Maven project, each architecture's natives, lintian's
 * verdict against what packaging/README.md justifies, the tarball against the package.
 */
class PackageContentsIT {

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);
    /** The budget for one package; both are about half of it. */
    private static final long MAX_PACKAGE_BYTES = 40_000_000;
    /** SPEC §7 rows that are not in the package: made by its postinst, or by systemd at start. */
    private static final Set<String> MADE_ON_THE_GATEWAY = Set.of("/var/lib/outpost/", "/run/outpost/admin.sock");
    private static final Pattern SPEC_ROW = Pattern.compile("^\\| `(/[^`]*)` \\|");
    private static final Pattern LINTIAN_TAG = Pattern.compile("^([EWIPXOC]): outpost(?: [a-z]+)?: ([a-z0-9][a-z0-9+.-]*)");

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void eachPackageStaysWithinItsSizeBudget(String arch) throws IOException {
        long size = Files.size(Packages.deb(arch));
        assertTrue(size <= MAX_PACKAGE_BYTES, Packages.deb(arch) + " is " + size + " bytes, over " + MAX_PACKAGE_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theFilesAreTheLayoutOfSpecSection7(String arch) throws Exception {
        Command.require("dpkg-deb", "dpkg");
        Map<String, String> contents = contents(Packages.deb(arch));
        List<String> spec = specPaths();
        assertTrue(spec.containsAll(MADE_ON_THE_GATEWAY), "SPEC §7 no longer lists " + MADE_ON_THE_GATEWAY + ": " + spec);

        for (String path : spec) {
            if (MADE_ON_THE_GATEWAY.contains(path)) {
                assertFalse(contents.containsKey(path), path + " is made on the gateway, not shipped");
            } else {
                assertTrue(contents.containsKey(path), "SPEC §7 lists " + path + ", the package lacks it");
            }
        }
        for (String path : contents.keySet()) {
            boolean placed = spec.stream().anyMatch(p -> path.equals(p) || (p.endsWith("/") && path.startsWith(p)) || p.startsWith(path));
            assertTrue(placed, path + " is outside the layout of SPEC §7");
        }
        contents.forEach((path, line) -> assertTrue(line.contains(" root/root "), "not owned by root: " + line));
        assertTrue(contents.get("/usr/bin/outpost").startsWith("lrwxrwxrwx") && contents.get("/usr/bin/outpost")
                .endsWith("-> ../lib/outpost/bin/outpost"), contents.get("/usr/bin/outpost"));
        assertTrue(contents.get("/usr/lib/outpost/bin/outpost").startsWith("-rwxr-xr-x"), contents.get("/usr/lib/outpost/bin/outpost"));
        assertTrue(contents.containsKey("/usr/lib/outpost/lib/outpost.classlist"), "the AppCDS class list is missing");
        assertFalse(contents.containsKey("/usr/lib/outpost/lib/outpost.jsa"), "the AppCDS archive is made at install, not shipped");
        assertTrue(contents.keySet().stream().noneMatch(p -> p.startsWith("/usr/lib/outpost/lib/demo")), "the demo ships in no package");
        assertTrue(contents.containsKey("/usr/share/outpost/models/vibration-anomaly-int8.onnx"),
                "the model the examples name is not where they name it");
        assertEquals("/etc/outpost/outpost.yaml", Command.run(TOOL_TIMEOUT, "dpkg-deb", "--info", Packages.deb(arch).toString(),
                "conffiles").ok().trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theControlFieldsComeFromTheMavenProject(String arch) throws Exception {
        Command.require("dpkg-deb", "dpkg");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("Package", "Version", "Architecture", "Depends")) {
            fields.put(field, Command.run(TOOL_TIMEOUT, "dpkg-deb", "--field", Packages.deb(arch).toString(), field).ok().trim());
        }
        assertEquals("outpost", fields.get("Package"));
        assertEquals(Packages.debianVersion(), fields.get("Version"));
        assertEquals(arch, fields.get("Architecture"));
        assertTrue(fields.get("Depends").startsWith("openjdk-17-jre-headless | java17-runtime-headless, adduser, libc6 (>= "),
                fields.get("Depends"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void eachPackageHoldsOnlyItsOwnArchitecturesNativeCode(String arch, @TempDir Path dir) throws Exception {
        Command.require("dpkg-deb", "dpkg");
        Command.require("file", "file");
        Command.run(TOOL_TIMEOUT, "dpkg-deb", "--extract", Packages.deb(arch).toString(), dir.toString()).ok();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        String expected = arch.equals("arm64") ? "ARM aarch64" : "x86-64";
        Map<String, String> kinds = fileKinds(files);
        Set<String> elf = new TreeSet<>();
        kinds.forEach((file, kind) -> {
            assertFalse(kind.contains("PE32") || kind.contains("Mach-O"), file + " is native code of another system: " + kind);
            if (kind.contains("ELF")) {
                assertTrue(kind.contains(expected), file + " is not " + expected + ": " + kind);
                elf.add(Path.of(file).getFileName().toString());
            }
        });
        Set<String> natives = new TreeSet<>(Set.of("liboutpost-notify.so", "libonnxruntime.so", "libonnxruntime4j_jni.so",
                "libjSerialComm.so"));
        if (arch.equals("arm64")) {
            natives.addAll(Set.of("libgpiod.so", "libpi4j-gpiod.so"));
        }
        assertEquals(natives, elf, "the ELF files of the " + arch + " package");

        List<String> inJars = new ArrayList<>();
        for (Path jar : files.stream().filter(p -> p.toString().endsWith(".jar")).toList()) {
            inJars.addAll(nativeEntries(jar));
        }
        assertEquals(List.of(), inJars, "native code left inside the jars");
    }

    @Test
    void lintianFindsNoErrorAndOnlyTheWarningsPackagingReadmeJustifies() throws Exception {
        Command.require("lintian", "lintian");
        String readme = Files.readString(Packages.repository().resolve("packaging/README.md"), StandardCharsets.UTF_8);
        Set<String> seen = new TreeSet<>();
        for (String arch : Packages.ARCHITECTURES) {
            Command.Result result = Command.run(TOOL_TIMEOUT, "lintian", "--no-tag-display-limit", Packages.deb(arch).toString());
            for (String line : result.output().lines().toList()) {
                Matcher tag = LINTIAN_TAG.matcher(line);
                if (!tag.find()) {
                    continue;
                }
                assertFalse(tag.group(1).equals("E"), arch + ": lintian error: " + line + "\n" + result.output());
                if (tag.group(1).equals("W")) {
                    assertTrue(readme.contains("`" + tag.group(2) + "`"), arch + ": lintian warning " + tag.group(2)
                            + " is not listed and justified in packaging/README.md: " + line);
                    seen.add(tag.group(2));
                }
            }
            assertTrue(result.exitCode() == 0 || !result.output().contains("E: "), result.output());
        }
        Matcher listed = Pattern.compile("^\\| `([a-z0-9+.-]+)` \\|", Pattern.MULTILINE).matcher(lintianSection(readme));
        while (listed.find()) {
            assertTrue(seen.contains(listed.group(1)), "packaging/README.md justifies lintian warning " + listed.group(1)
                    + ", which lintian no longer reports: take it out");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void theTarballHoldsThePackagesTreeAndItsInstaller(String arch) throws Exception {
        String prefix = "outpost-" + Packages.mavenVersion() + "-linux-" + arch;
        Set<String> tar = new TreeSet<>();
        for (String name : Command.run(TOOL_TIMEOUT, "tar", "-tzf", Packages.tarball(arch).toString()).ok().lines().toList()) {
            assertTrue(name.startsWith(prefix + "/"), name + " is outside " + prefix + "/");
            String path = name.substring(prefix.length());
            if (!path.equals("/")) {
                tar.add(path);
            }
        }
        Set<String> expected = new TreeSet<>(contents(Packages.deb(arch)).keySet());
        expected.add("/install.sh");
        assertEquals(expected, tar);
    }

    @Test
    void theNativeLibrariesLoadFromTheReleaseAloneAsTheDaemonLoadsThem() throws Exception {
        Path release = Packages.release("amd64");
        Path checkClasses = Path.of(NativeLoadCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path model = Packages.release("amd64").resolve("../../share/outpost/models/vibration-anomaly-int8.onnx").normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String output = Command.run(TOOL_TIMEOUT, java, "-cp", release.resolve("lib") + "/*:" + checkClasses,
                NativeLoadCheck.class.getName(), release.toString(), model.toString()).ok();
        assertTrue(output.contains("onnxruntime: scored one window") && output.contains("jSerialComm: "), output);
        assertTrue(output.contains("from " + release.resolve("lib/native")), output);
    }

    /** {@code dpkg-deb --contents}: each path (as installed, a folder with its trailing slash) and its line. */
    private static Map<String, String> contents(Path deb) throws Exception {
        Map<String, String> contents = new LinkedHashMap<>();
        for (String line : Command.run(TOOL_TIMEOUT, "dpkg-deb", "--contents", deb.toString()).ok().lines().toList()) {
            int at = line.indexOf(" ./");
            if (at < 0) {
                fail("unexpected dpkg-deb --contents line: " + line);
            }
            String path = line.substring(at + 2).replaceFirst(" -> .*$", "");
            if (!path.equals("/")) {
                contents.put(path, line);
            }
        }
        return contents;
    }

    private static List<String> specPaths() throws IOException {
        String spec = Files.readString(Packages.repository().resolve("docs/SPEC.md"), StandardCharsets.UTF_8);
        String section = spec.substring(spec.indexOf("## 7. Files on a gateway"));
        List<String> paths = new ArrayList<>();
        for (String line : section.lines().toList()) {
            Matcher row = SPEC_ROW.matcher(line);
            if (row.find()) {
                paths.add(row.group(1));
            }
        }
        assertFalse(paths.isEmpty(), "no paths found in SPEC §7");
        return paths;
    }

    private static String lintianSection(String readme) {
        int start = readme.indexOf("## lintian");
        assertTrue(start >= 0, "packaging/README.md has no \"## lintian\" section");
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** {@code file}'s verdict on each file, asked in batches. */
    private static Map<String, String> fileKinds(List<Path> files) throws Exception {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int from = 0; from < files.size(); from += 200) {
            List<String> command = Command.list("file", "--no-pad", "--separator", "\t", "--");
            files.subList(from, Math.min(files.size(), from + 200)).forEach(p -> command.add(p.toString()));
            for (String line : Command.run(TOOL_TIMEOUT, Map.of(), command).ok().lines().toList()) {
                int tab = line.indexOf('\t');
                kinds.put(line.substring(0, tab), line.substring(tab + 1).trim());
            }
        }
        assertEquals(files.size(), kinds.size(), "file did not answer for every file");
        return kinds;
    }

    /** Entries of {@code jar} that start like native code: ELF, PE (MZ), Mach-O in either byte order. */
    private static List<String> nativeEntries(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] head;
                try (InputStream in = zip.getInputStream(entry)) {
                    head = in.readNBytes(4);
                }
                if (isNative(head)) {
                    found.add(jar.getFileName() + "!" + entry.getName());
                }
            }
        }
        return found;
    }

    private static boolean isNative(byte[] head) {
        if (head.length < 4) {
            return head.length >= 2 && head[0] == 'M' && head[1] == 'Z';
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        return magic == 0x7f454c46 || (head[0] == 'M' && head[1] == 'Z') || magic == 0xfeedface || magic == 0xfeedfacf
                || magic == 0xcefaedfe || magic == 0xcffaedfe;
    }
}
