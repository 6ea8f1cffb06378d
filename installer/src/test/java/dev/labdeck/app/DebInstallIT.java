package dev.labdeck.app;

import static dev.labdeck.app.InstalledPackages.cmd;
import static dev.labdeck.app.InstalledPackages.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.app.InstalledPackages.Result;
import dev.labdeck.testkit.Prerequisites;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The .deb installed on this machine as a user would ({@code apt-get install ./labdeck_*.deb}),
 * used from the command line by root and by an ordinary user, then removed: nothing of it may
 * be left.
 */
class DebInstallIT {
    private static final Path APP = Path.of("/opt/labdeck");
    private static final Path COMMAND = Path.of("/usr/bin/labdeck");
    private static final Path DESKTOP = Path.of("/usr/share/applications/labdeck-labdeck.desktop");
    private static final Map<String, String> APT = Map.of("DEBIAN_FRONTEND", "noninteractive");

    @Test
    void installsRunsForRootAndAUserAndRemovesWithoutATrace() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("apt-get", "apt");
        Prerequisites.requireCommand("fakeroot", "fakeroot");
        Prerequisites.requireCommand("useradd", "passwd");
        Prerequisites.requireCommand("runuser", "util-linux");
        Prerequisites.requireCommand("Xvfb", "xvfb");
        InstalledPackages.build();
        Path deb = InstalledPackages.deb();
        assertTrue(Files.isRegularFile(deb), deb + " was not made");

        try (FileLock ignored = InstalledPackages.lockInstalls()) {
            // a package left by an interrupted earlier run would hide what this one installs
            run(cmd("apt-get", "purge", "-y", "labdeck"), APT, 300);
            Result install = run(cmd("apt-get", "install", "-y", "-o", "DPkg::Lock::Timeout=300", deb.toString()), APT, 600);
            assertEquals(0, install.exit(), install.output());
            String user = "ldit" + ProcessHandle.current().pid();
            Path home = Path.of("/tmp", "labdeck-it-" + user);
            try {
                usedByRootAndAUser(user, home);
            } finally {
                run(cmd("userdel", "--remove", user), Map.of(), 60);
                Result remove = run(cmd("apt-get", "purge", "-y", "-o", "DPkg::Lock::Timeout=300", "labdeck"), APT, 600);
                assertEquals(0, remove.exit(), remove.output());
            }
        }

        assertFalse(Files.exists(APP, LinkOption.NOFOLLOW_LINKS), APP + " is left");
        assertFalse(Files.exists(COMMAND, LinkOption.NOFOLLOW_LINKS), COMMAND + " is left");
        assertFalse(Files.exists(DESKTOP), DESKTOP + " is left");
        assertEquals(List.of(), filesNamedLabdeck(Path.of("/usr/share/applications")), "desktop entries left");
        assertEquals(List.of(), filesNamedLabdeck(Path.of("/usr/share/icons")), "icons left");
        assertNotEquals(0, run(cmd("dpkg-query", "-W", "labdeck"), Map.of(), 60).exit(), "dpkg still knows labdeck");
    }

    private static void usedByRootAndAUser(String user, Path home) throws Exception {
        assertTrue(Files.isSymbolicLink(COMMAND), COMMAND + " is not there");
        assertEquals(APP.resolve("bin/labdeck"), Files.readSymbolicLink(COMMAND));

        // the menu entry starts the installed app and shows its icon
        assertTrue(Files.isRegularFile(DESKTOP), DESKTOP + " was not installed");
        String entry = Files.readString(DESKTOP);
        assertTrue(entry.contains("Exec=/opt/labdeck/bin/labdeck"), entry);
        String icon = entry.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        assertTrue(Files.isRegularFile(Path.of(icon)), "icon " + icon + " of " + DESKTOP);

        Result version = run(cmd("labdeck", "--version"), Map.of(), 120);
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().contains(InstalledPackages.VERSION), version.output());

        // the installed desktop app as its menu entry starts it (/opt/labdeck/bin/labdeck's java options), on a bundled profile
        Path scratch = Files.createTempDirectory("labdeck-it-gui");
        try {
            Path udp = APP.resolve("lib/profiles/lab-in-a-box-udp.yaml");
            LauncherStartsTheAppTest.assertShowsTheProfile(
                    LaunchedApp.open(AppCommandLine.ofAppImage(APP), List.of("gui", udp.toString()), scratch), udp);
        } finally {
            run(cmd("rm", "-rf", scratch.toString()), Map.of(), 60);
        }

        Path profile = APP.resolve("lib/profiles/local-loopback.yaml");
        Result validate = run(cmd("labdeck", "validate", profile.toString()), Map.of(), 120);
        assertEquals(0, validate.exit(), validate.output());

        // The bundled profile as it is, but with a patient dead-man switch: a cold app on a loaded
        // machine (a test suite beside it) can take more than the default 10 s to send its first
        // request, and the agent then rightly exits (as MainFlowTest does for the same reason).
        Path shared = Files.createTempDirectory("labdeck-it-profile");
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path patient = shared.resolve("local-loopback.yaml");
        Files.writeString(patient, Files.readString(profile).replace("\nhosts:\n", "\nagent:\n  heartbeat_timeout: 60s\nhosts:\n"));
        Files.setPosixFilePermissions(patient, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(Files.readString(patient).contains("heartbeat_timeout: 60s"));

        // root, from a directory of its own: the run directory lands there
        Path rootDir = Files.createTempDirectory("labdeck-it-root");
        try {
            assertRunPasses(run(cmd("labdeck", "run", patient.toString()), Map.of(), rootDir, 300), rootDir);
        } finally {
            run(cmd("rm", "-rf", rootDir.toString()), Map.of(), 60);
        }

        // an ordinary user, in their home
        Result add = run(cmd("useradd", "--create-home", "--home-dir", home.toString(), "--shell", "/bin/sh", user), Map.of(), 60);
        assertEquals(0, add.exit(), add.output());
        // a login environment of their own (HOME, PATH), as after logging in
        Result asUser = run(cmd("runuser", "-l", user, "-c", "cd && labdeck run " + patient), Map.of(), 300);
        run(cmd("rm", "-rf", shared.toString()), Map.of(), 60);
        assertRunPasses(asUser, home);
    }

    private static void assertRunPasses(Result r, Path dir) throws Exception {
        assertEquals(0, r.exit(), r.output());
        try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
            Path run = runs.findFirst().orElseThrow(() -> new AssertionError("no run directory in " + dir + "/runs"));
            String summary = Files.readString(run.resolve("summary.json"));
            assertTrue(summary.contains("\"status\" : \"passed\"") || summary.contains("\"status\":\"passed\""), summary);
        }
    }

    private static List<Path> filesNamedLabdeck(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().toLowerCase().contains("labdeck")).toList();
        }
    }
}
