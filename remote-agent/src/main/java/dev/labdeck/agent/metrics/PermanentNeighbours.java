package dev.labdeck.agent.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The permanent neighbour entries of the agent's network namespace, as they were when the agent
 * started. Taking an interface down makes the kernel drop its permanent entries too, so a data
 * link that went down and came back would need ARP where the lab set static neighbours (and an
 * XDP program may drop the ARP): {@link #restore} puts back what the interface lost.
 */
final class PermanentNeighbours {
    private static final Logger LOG = LoggerFactory.getLogger(PermanentNeighbours.class);

    /** One entry: {@code ip neigh replace ADDRESS lladdr MAC dev DEVICE nud permanent}. */
    record Entry(String device, String address, String mac) {}

    private final List<Entry> known = new ArrayList<>();

    /** Learns the entries now present (call once, while the links are as the lab built them). */
    synchronized void learn() {
        known.clear();
        known.addAll(read());
    }

    /** The entries of {@code device} learnt at start and gone now, put back; returns what was restored. */
    synchronized List<Entry> restore(String device) {
        List<Entry> lost = new ArrayList<>();
        Set<Entry> present = new HashSet<>(read());
        for (Entry e : known) {
            if (e.device().equals(device) && !present.contains(e)) lost.add(e);
        }
        List<Entry> restored = new ArrayList<>();
        for (Entry e : lost) {
            if (ip("neigh", "replace", e.address(), "lladdr", e.mac(), "dev", e.device(), "nud", "permanent") != null) {
                restored.add(e);
            }
        }
        return restored;
    }

    private static List<Entry> read() {
        String out = ip("-j", "neigh", "show", "nud", "permanent");
        List<Entry> entries = new ArrayList<>();
        if (out == null || out.isBlank()) return entries;
        try {
            for (JsonNode n : ProtocolJson.mapper().readTree(out)) {
                String mac = n.path("lladdr").asText("");
                if (!mac.isEmpty()) entries.add(new Entry(n.path("dev").asText(), n.path("dst").asText(), mac));
            }
        } catch (IOException e) {
            LOG.debug("unreadable neighbour list: {}", e.getMessage());
        }
        return entries;
    }

    /** Runs {@code ip ARGS}; its output, or null when it failed or there is no ip command. */
    private static String ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.debug("{} failed: {}", String.join(" ", argv), out.strip());
                return null;
            }
            return out;
        } catch (IOException e) {
            LOG.debug("cannot run {}: {}", String.join(" ", argv), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
