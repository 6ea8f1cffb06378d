package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.engine.RunEngine;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.results.RunSummary;
import dev.labdeck.controller.run.RunEvent;
import dev.labdeck.controller.run.RunListener;
import dev.labdeck.controller.run.RunOptions;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a memif HTTP lab run that did not pass leaves to look at, gathered while its lab is still
 * up (the run directory and the lab are gone after the test): which threshold, the http, links
 * and per-port DPDK figures, the run's warnings, the load balancers' own output (testpmd's port
 * start, memif connection and link messages), and each host's interfaces with the kernel's
 * counters and neighbours — where the first packet stopped.
 */
final class MemifHttpEvidence {
    private MemifHttpEvidence() {}

    /** A memif HTTP run that has ended: its summary, directory, events, and the evidence when it did not pass. */
    record Ended(RunSummary summary, Path runDir, List<RunEvent> events, String evidence) {
        /** The summary when the run passed; otherwise the test fails with where the packets stopped. */
        RunSummary passed() {
            assertTrue(summary.passed(), "run " + summary.status() + ": " + summary.error() + "\n" + evidence);
            return summary;
        }

        JsonNode summaryJson() throws IOException {
            return ProtocolJson.mapper().readTree(runDir.resolve("summary.json").toFile());
        }
    }

    /**
     * Runs a memif HTTP profile's text in the lab (resolved to its addresses), the run directory under
     * {@code runs}; each event goes to {@code seen} too, as it comes. When the run did not pass, the
     * evidence is gathered before this returns, while the lab is still up.
     */
    static Ended run(LabFixture lab, String yaml, String fileName, Path runs, Path root, Consumer<RunEvent> seen) throws Exception {
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        var run = RunEngine.start(lab.resolve(ProfileLoader.parse(yaml, fileName)),
                RunOptions.defaults().withRunsRoot(runs).withTransport(TransportOptions.defaults().withLabdeckHome(root)),
                new RunListener() {
                    @Override
                    public void event(RunEvent e) {
                        events.add(e);
                        seen.accept(e);
                    }
                });
        RunSummary summary = run.await(Duration.ofSeconds(300));
        Path runDir = run.runDirectory();
        return new Ended(summary, runDir, events, summary.passed() ? "" : of(lab, runDir));
    }

    static String of(LabFixture lab, Path runDir) {
        StringBuilder b = new StringBuilder();
        try {
            JsonNode s = ProtocolJson.mapper().readTree(runDir.resolve("summary.json").toFile());
            b.append("status ").append(s.path("status").asText()).append(", error ").append(s.path("error"))
                    .append("\nthresholds ").append(s.path("thresholds"))
                    .append("\nhttp ").append(s.path("http"))
                    .append("\nlinks ").append(s.path("links"))
                    .append("\ndpdk ").append(s.path("dpdk"));
        } catch (IOException | RuntimeException e) {
            b.append("summary.json: ").append(e.getMessage());
        }
        try {
            b.append("\nwarnings and errors:");
            Files.readAllLines(runDir.resolve("events.jsonl")).stream()
                    .filter(l -> l.contains("\"level\":\"warn\"") || l.contains("\"level\":\"error\""))
                    .forEach(l -> b.append("\n  ").append(l));
        } catch (IOException e) {
            b.append(" ").append(e.getMessage());
        }
        for (String service : List.of("lb_s", "lb_c", "pcap")) {
            Path log = runDir.resolve("services").resolve("memif-" + service + ".log");
            if (Files.exists(log)) {
                try {
                    List<String> lines = Files.readAllLines(log);
                    b.append("\n--- ").append(service).append("'s output (").append(lines.size()).append(" lines, last 60):");
                    lines.stream().skip(Math.max(0, lines.size() - 60)).forEach(l -> b.append("\n  ").append(l));
                } catch (IOException e) {
                    b.append("\n--- ").append(service).append(": ").append(e.getMessage());
                }
            }
        }
        for (String host : List.of("src", "memif", "dst")) {
            for (String[] command : List.of(new String[] {"ip", "-s", "link"}, new String[] {"ip", "neigh"},
                    new String[] {"ip", "-br", "addr"}, host.equals("memif") ? new String[] {"ss", "-xap"} : new String[] {"ss", "-tan"})) {
                b.append("\n--- ").append(host).append(": ").append(String.join(" ", command)).append("\n");
                try {
                    b.append(lab.run(host, command).strip().indent(2));
                } catch (RuntimeException e) {
                    b.append("  ").append(e.getMessage());
                }
            }
        }
        return b.toString();
    }
}
