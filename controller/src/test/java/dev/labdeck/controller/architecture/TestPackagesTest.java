package dev.labdeck.controller.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * On a new machine {@code ./labdeck test} installs the system packages the tests need (its
 * TEST_PACKAGES list). Every package a test names in {@code Prerequisites.requireCommand(command,
 * package)} must be on that list, or CI on a fresh machine fails that test under
 * LABDECK_E2E=required (netsniff-ng, for trafgen, was missing).
 */
class TestPackagesTest {
    /** Packages every Debian system has (Essential: yes, or apt itself). */
    private static final Set<String> ESSENTIAL = Set.of("apt", "coreutils", "dash", "passwd", "perl-base", "util-linux");
    private static final Pattern REQUIRE = Pattern.compile("requireCommand\\(\"([^\"]+)\",\\s*\"([^\"]+)\"");

    @Test
    void everyPackageATestRequiresIsInstalledByTheLauncher() throws IOException {
        Path root = Prerequisites.repoRoot();
        String launcher = Files.readString(root.resolve("labdeck"));
        Matcher list = Pattern.compile("TEST_PACKAGES=\\(([^)]*)\\)").matcher(launcher);
        assertTrue(list.find(), "no TEST_PACKAGES=(...) in ./labdeck");
        Set<String> installed = new TreeSet<>(Arrays.asList(list.group(1).trim().split("\\s+")));

        TreeMap<String, String> missing = new TreeMap<>();
        int seen = 0;
        for (String module : List.of("protocol", "native", "remote-agent", "controller", "gui", "installer")) {
            Path tests = root.resolve(module).resolve("src/test/java");
            if (!Files.isDirectory(tests)) continue;
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = REQUIRE.matcher(Files.readString(f));
                    while (m.find()) {
                        seen++;
                        String pkg = m.group(2);
                        if (!installed.contains(pkg) && !ESSENTIAL.contains(pkg)) {
                            missing.put(pkg, m.group(1) + " in " + root.relativize(f));
                        }
                    }
                }
            }
        }
        assertTrue(seen > 20, "found only " + seen + " requireCommand calls: the scan is broken");
        assertEquals(new TreeMap<String, String>(), missing, "packages tests need that ./labdeck test does not install");
    }
}
