package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labdeck demo} as root on a Debian machine without openssh-server: it installs what the
 * lab needs with the real apt-get, from the real mirror, and runs the real lab demo.
 *
 * <p>The machine is shared (other suites use its sshd at the same moment), so the package is
 * removed and installed again only in a view of it: a private mount namespace ({@code unshare
 * --mount}) with a copy-on-write overlay (on tmpfs) over {@code /usr}, {@code /etc} and dpkg's and
 * apt's state. In there {@code dpkg --remove openssh-server} really removes {@code sshd}, and
 * demo's {@code apt-get install} really brings it back; outside, nothing changes. A
 * {@code policy-rc.d} in the overlay keeps package scripts from starting the system's ssh service.
 */
class DemoInstallTest {
    @TempDir
    Path tmp;

    @Test
    void installsWhatTheLabNeedsSayingWhatThenRunsTheLabDemo() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("unshare", "util-linux");
        Prerequisites.requireCommand("apt-get", "apt");
        Prerequisites.requireCommand("sshd", "openssh-server");
        Path jar = Prerequisites.repoRoot().resolve("remote-agent/target/labdeck-agent.jar");
        Prerequisites.require(Files.isRegularFile(jar), "agent jar " + jar + " not built (run ./mvnw package -DskipTests)");

        String lab = "di" + Long.toString(36 * 36 + ProcessHandle.current().pid() % (36 * 36), 36).substring(1);
        // a /23 of the tests' pool that LabFixture's hash rarely picks first; demo says so if it is taken
        String subnet = "10.232." + (2 * (int) (ProcessHandle.current().pid() % 100) + 56) + ".0/23";
        Path out = tmp.resolve("demo");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cli = q(java) + " --enable-native-access=ALL-UNNAMED -Dlabdeck.home=" + q(Prerequisites.repoRoot().toString())
                + " -cp " + q(System.getProperty("java.class.path")) + " " + LabDeckCli.class.getName();
        String script = String.join("\n",
                "set -e",
                "T=$1",
                "mount -t tmpfs labdeck-demo-test \"$T\"",
                // a container's resolv.conf and hosts are mounts on top of /etc: carried into the overlay
                "cat /etc/resolv.conf > \"$T/resolv.conf\"; cat /etc/hosts > \"$T/hosts\"",
                "for d in usr etc var/lib/dpkg var/lib/apt var/cache/apt var/log; do",
                "  n=$(echo $d | tr / _); mkdir -p \"$T/$n.up\" \"$T/$n.work\"",
                "  mount -t overlay overlay -o lowerdir=/$d,upperdir=\"$T/$n.up\",workdir=\"$T/$n.work\" /$d",
                "done",
                "cat \"$T/resolv.conf\" > /etc/resolv.conf; cat \"$T/hosts\" > /etc/hosts",
                "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d",
                "DEBIAN_FRONTEND=noninteractive dpkg --remove --force-depends openssh-server > \"$T/remove.log\" 2>&1"
                        + " || { cat \"$T/remove.log\"; exit 90; }",
                "if [ -e /usr/sbin/sshd ]; then echo 'sshd still there after removing openssh-server'; exit 91; fi",
                "echo '--- demo'",
                "set +e",
                cli + " demo --lab " + lab + " --subnet " + subnet + " --out " + q(out.toString()),
                "rc=$?",
                "echo \"--- demo exit $rc\"",
                "for h in src dst memif; do echo \"--- sshd of $h\"; tail -n 15 \"$HOME/.labdeck/labs/" + lab + "/$h/sshd.log\" 2>&1; done",
                "dpkg-query -W openssh-server openssh-client 2>&1",
                cli + " lab down --name " + lab,
                "exit $rc");
        Path upper = Files.createDirectory(tmp.resolve("overlay"));
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "demo-install-test",
                upper.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String printed = output.get(1, TimeUnit.MINUTES);
        assertTrue(done, "demo did not finish in 15 minutes:\n" + printed);

        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("the lab-in-a-box needs openssh-server; installing with apt-get"), printed);
        assertTrue(printed.contains("installed openssh-server"), printed);
        assertTrue(printed.contains("labdeck run profiles/lab-in-a-box-udp.yaml"), "the lab demo ran, not the loopback one:\n" + printed);
        assertTrue(!printed.contains("running the loopback test"), printed);
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"passed\""), summary);
        assertTrue(Files.readString(out.resolve("profile.yaml")).contains("lab-in-a-box-udp"), "the lab profile ran");
        // outside the overlay nothing changed: this machine's sshd is still where it was
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "the machine's own sshd is untouched");
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
