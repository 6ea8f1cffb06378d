package dev.labdeck.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labdeck.controller.lab.LabFixture;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a memif HTTP lab run that did not pass leaves to look at, gathered while its lab is still
 * up (the run directory and the lab are gone after the test): which threshold, the http, links
 * and per-port DPDK figures, the run's warnings, the load balancers' own output (testpmd's port
 * start, memif connection and link messages), and each host's interfaces with the kernel's
 * counters and neighbours — where the first packet stopped.
 */
final class MemifHttpEvidence {
    private MemifHttpEvidence() {}

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
