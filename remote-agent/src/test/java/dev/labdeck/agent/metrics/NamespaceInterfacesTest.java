package dev.labdeck.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** An agent inside a network namespace reports that namespace's interfaces, not the host's. */
class NamespaceInterfacesTest {

    @Test
    void metricsSeeTheNamespacesOwnInterfaces() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        String id = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String ns = "ldagm" + id + ProcessHandle.current().pid();
        String veth = "ldaga" + id;
        String peer = "ldagb" + id;
        try {
            run("ip", "netns", "add", ns);
            run("ip", "-n", ns, "link", "add", veth, "type", "veth", "peer", "name", peer);
            run("ip", "-n", ns, "link", "set", "lo", "up");
            String out = run("ip", "netns", "exec", ns, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    NamespaceProbe.class.getName());
            String line = out.lines().filter(l -> l.startsWith("interfaces=")).findFirst().orElseThrow(() -> new AssertionError(out));
            Set<String> seen = new TreeSet<>(List.of(line.substring("interfaces=".length()).split(",")));
            assertEquals(new TreeSet<>(Set.of("lo", veth, peer)), seen, "inside " + ns);

            // and outside, the host's metrics do not show the namespace's interface
            Set<String> host = ProcNetDev.read().stream().map(InterfaceCounters::name).collect(Collectors.toSet());
            assertTrue(!host.contains(veth) && !host.contains(peer), host.toString());
        } finally {
            new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out);
        return out;
    }
}
