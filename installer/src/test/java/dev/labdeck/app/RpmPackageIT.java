package dev.labdeck.app;

import static dev.labdeck.app.InstalledPackages.cmd;
import static dev.labdeck.app.InstalledPackages.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.app.InstalledPackages.Result;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The .rpm, built here with Debian's rpmbuild: its files and its scripts as rpm reports them. */
class RpmPackageIT {

    @Test
    void holdsTheAppTheCommandTheProfilesTheAgentAndTheDesktopEntry() {
        Path rpm = built();
        Result ql = run(cmd("rpm", "-qlp", rpm.toString()), Map.of(), 120);
        assertEquals(0, ql.exit(), ql.output());
        List<String> files = ql.output().lines().toList();
        for (String f : List.of("/usr/bin/labdeck", "/opt/labdeck/bin/labdeck", "/opt/labdeck/lib/runtime/bin/java",
                "/opt/labdeck/lib/profiles/local-loopback.yaml", "/opt/labdeck/lib/profiles/lab-in-a-box-udp.yaml",
                "/opt/labdeck/lib/remote-agent/target/labdeck-agent.jar",
                "/opt/labdeck/lib/remote-agent/target/labdeck-agent-bundle-linux-x64.tar.gz",
                "/opt/labdeck/lib/labdeck-labdeck.desktop", "/opt/labdeck/lib/labdeck.png")) {
            assertTrue(files.contains(f), f + " not in the rpm:\n" + ql.output());
        }
        assertTrue(files.stream().noneMatch(f -> !f.startsWith("/opt/labdeck") && !f.equals("/usr/bin/labdeck")),
                "files outside /opt/labdeck and /usr/bin/labdeck:\n" + ql.output());

        Result version = run(cmd("rpm", "-qp", "--queryformat", "%{NAME} %{VERSION}", rpm.toString()), Map.of(), 120);
        assertEquals("labdeck " + InstalledPackages.VERSION, version.output().strip());
    }

    @Test
    void itsScriptsInstallAndRemoveTheMenuEntry() {
        Path rpm = built();
        Result scripts = run(cmd("rpm", "-qp", "--scripts", rpm.toString()), Map.of(), 120);
        assertEquals(0, scripts.exit(), scripts.output());
        String s = scripts.output();
        int post = s.indexOf("postinstall scriptlet");
        int preun = s.indexOf("preuninstall scriptlet");
        assertTrue(post >= 0 && preun >= 0, s);
        String postinstall = s.substring(post, preun > post ? preun : s.length());
        String preuninstall = s.substring(preun, post > preun ? post : s.length());
        assertTrue(postinstall.contains("install -D -m 644 /opt/labdeck/lib/labdeck-labdeck.desktop"
                + " /usr/share/applications/labdeck-labdeck.desktop"), postinstall);
        assertTrue(preuninstall.contains("rm -f /usr/share/applications/labdeck-labdeck.desktop"), preuninstall);
        assertTrue(preuninstall.contains("if [ \"$1\" = 0 ]"), "removed on erase, kept on upgrade: " + preuninstall);
    }

    private static Path built() {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("rpmbuild", "rpm");
        Prerequisites.requireCommand("fakeroot", "fakeroot");
        InstalledPackages.build();
        return InstalledPackages.rpm();
    }
}
