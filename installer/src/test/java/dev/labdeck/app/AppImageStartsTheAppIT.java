package dev.labdeck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed app's {@code labdeck gui PROFILE}: package.sh's app image (what the .deb and .rpm put under
 * /opt/labdeck) started with its own runtime and its launcher configuration's java options (JavaFX from
 * lib/fx on the module path), on a bundled profile it carries. Same checks as {@link LauncherStartsTheAppTest}.
 */
class AppImageStartsTheAppIT {
    @TempDir
    Path scratch;

    @Test
    void theInstalledCommandOpensABundledProfileWithItsHostsAndAFilledInspector() throws Exception {
        Prerequisites.requireLinux();
        // the installed command refuses to open a window without a display (LabDeckMain): it needs a real one
        Prerequisites.requireCommand("Xvfb", "xvfb");
        Prerequisites.requireCommand("fakeroot", "fakeroot");
        Prerequisites.requireCommand("rpmbuild", "rpm");
        InstalledPackages.build();
        Path image = InstalledPackages.appImage();
        assertTrue(Files.isExecutable(image.resolve("bin/labdeck")), image + "/bin/labdeck was not made");
        AppCommandLine installed = AppCommandLine.ofAppImage(image);
        assertEquals("dev.labdeck.app.LabDeckMain", installed.mainClass(), installed.words().toString());
        assertTrue(installed.words().contains(image.resolve("lib/app/../fx").toString()), "JavaFX from lib/fx: " + installed.words());

        Path profile = image.resolve("lib/profiles/lab-in-a-box-udp.yaml");
        LaunchedApp app = LaunchedApp.open(installed, List.of("gui", profile.toString()), scratch);
        LauncherStartsTheAppTest.assertShowsTheProfile(app, profile);
    }
}
