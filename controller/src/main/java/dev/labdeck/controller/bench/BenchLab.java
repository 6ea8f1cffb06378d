package dev.labdeck.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labdeck.controller.lab.LabDataLink;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.controller.lab.LabState;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab the benchmark sends over: the data link from {@code src} to {@code dst}, and commands
 * inside the hosts' namespaces. Counters come from {@code ip -s -j link}, the kernel's own.
 */
final class BenchLab {
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final LabState state;

    BenchLab(LabState state) throws BenchException {
        this.state = state;
        if (state.dataLink() == null) throw new BenchException("lab " + state.name() + " has no data link");
    }

    String name() {
        return state.name();
    }

    LabDataLink.End src() {
        return state.dataLink().src();
    }

    LabDataLink.End dst() {
        return state.dataLink().dst();
    }

    LabHost host(String name) throws BenchException {
        return state.host(name).orElseThrow(() -> new BenchException("lab " + state.name() + " has no host " + name));
    }

    /** {@code ip netns exec NS command…} as a process builder, output to the caller. */
    static ProcessBuilder inNamespace(String namespace, List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(command);
        return new ProcessBuilder(all);
    }

    /** Runs a short command in a namespace and returns its output; a non-zero exit is an error naming it. */
    static String exec(String namespace, String... command) throws BenchException {
        Process p;
        try {
            p = inNamespace(namespace, List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BenchException("cannot run " + String.join(" ", command) + " in " + namespace + ": " + e.getMessage(), e);
        }
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException(String.join(" ", command) + " in " + namespace + " did not end within 20 s");
            }
            if (p.exitValue() != 0) {
                throw new BenchException(String.join(" ", command) + " in " + namespace + " exited " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new BenchException("cannot read " + String.join(" ", command) + " in " + namespace + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new BenchException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The kernel's counters of one end of the data link. */
    static LinkCounters counters(LabDataLink.End end) throws BenchException {
        String out = exec(end.namespace(), "ip", "-s", "-j", "link", "show", "dev", end.interfaceName());
        try {
            JsonNode link = JSON.readTree(out).path(0);
            JsonNode stats = link.path("stats64");
            if (stats.isMissingNode()) throw new BenchException("ip -s -j link gave no stats64 for " + end.interfaceName() + " in " + end.namespace());
            return new LinkCounters(stats.path("tx").path("packets").asLong(), stats.path("tx").path("bytes").asLong(),
                    stats.path("rx").path("packets").asLong(), stats.path("rx").path("bytes").asLong());
        } catch (IOException e) {
            throw new BenchException("cannot parse ip -s -j link of " + end.interfaceName() + ": " + e.getMessage(), e);
        }
    }

    /** Packet and byte counters of an interface, as {@code ip -s link} shows them. */
    record LinkCounters(long txPackets, long txBytes, long rxPackets, long rxBytes) {}
}
