package dev.labdeck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ThresholdExpression;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./labdeck gui PROFILE} as a user starts it: the launcher's own java command line, so JavaFX and
 * ControlsFX on the module path (the other gui tests put them on the class path, where a missing
 * {@code --add-exports} cannot show: ControlsFX's completion popup then threw IllegalAccessError and the
 * inspector came up empty). The window must show the profile's hosts and the inspector its fields filled,
 * with nothing thrown.
 */
class LauncherStartsTheAppTest {
    static final Path ROOT = Prerequisites.repoRoot();

    @TempDir
    Path scratch;

    @Test
    void theLaunchersCommandLineOpensABundledProfileWithItsHostsAndAFilledInspector() throws Exception {
        AppCommandLine launcher = AppCommandLine.ofLauncher(ROOT)
                // its class-data archive in the scratch directory: this JVM's class path (with the probe) is not the app's
                .replacing("-XX:SharedArchiveFile=", "-XX:SharedArchiveFile=" + scratch.resolve("gui.jsa"));
        assertEquals("dev.labdeck.gui.LabDeckApp", launcher.mainClass(), launcher.words().toString());
        assertTrue(launcher.words().contains("--module-path"), "JavaFX is on the module path for a user: " + launcher.words());
        assertTrue(Files.isRegularFile(ROOT.resolve("gui/target/labdeck-gui-" + InstalledPackages.VERSION + ".jar")),
                "the gui jar is built by the package phase before this module's tests");

        Path profile = ROOT.resolve("profiles/lab-in-a-box-udp.yaml");
        assertShowsTheProfile(LaunchedApp.open(launcher, List.of(profile.toString()), scratch), profile);
    }

    /** What a user sees after starting the app on {@code profile}: shared with the installed app's test. */
    static void assertShowsTheProfile(LaunchedApp app, Path profile) throws Exception {
        String seen = "display " + app.display() + ", exit " + app.exit() + ", the app printed:\n" + app.output();
        Profile p = ProfileLoader.load(profile);
        assertEquals(0, app.exit(), seen);
        assertTrue(app.title() != null && app.title().startsWith("LabDeck — " + p.name()), "window title: " + seen);
        assertEquals(new TreeSet<>(p.hosts().stream().map(h -> h.name()).toList()), new TreeSet<>(app.hosts()), "host cards: " + seen);
        // the inspector (nothing selected: the test and its traffic) drawn with its editors, the values the profile has
        assertTrue(app.inspector().contains("Name = " + p.name()), "inspector: " + seen);
        String thresholds = String.join("; ", p.thresholds().stream().map(ThresholdExpression::format).toList());
        assertFalse(thresholds.isEmpty(), "the profile has thresholds: the field with ControlsFX's completion popup");
        assertTrue(app.inspector().contains("Thresholds must hold = " + thresholds), "thresholds field: " + seen);
        assertTrue(app.inspector().size() >= 10, "inspector rows: " + seen);
        for (String bad : List.of("Exception", "IllegalAccessError", "\tat ", "WARNING: ", "SLF4J(W)")) {
            assertFalse(app.output().contains(bad), "'" + bad + "' in what the app printed: " + seen);
        }
        assertTrue(Set.of(app.output().lines().toArray(String[]::new)).contains("shown: true"), seen);
    }
}
