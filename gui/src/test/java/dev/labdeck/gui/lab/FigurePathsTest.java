package dev.labdeck.gui.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.Threshold;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The figure paths the thresholds field offers are the ones summary.json has for the profile. */
class FigurePathsTest {

    @Test
    void everyThresholdOfEveryBundledProfileNamesAFigureTheFieldOffers() throws Exception {
        List<String> unoffered = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.list(Prerequisites.repoRoot().resolve("profiles"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Profile p;
                try {
                    p = ProfileLoader.load(f);
                } catch (Exception e) {
                    continue; // a profile that needs something this machine lacks is not this test's concern
                }
                List<String> offered = FigurePaths.forProfile(p);
                for (Threshold t : p.thresholds()) {
                    checked++;
                    if (!offered.contains(t.metric())) unoffered.add(f.getFileName() + ": " + t.metric());
                }
            }
        }
        assertTrue(checked >= 10, "the bundled profiles have thresholds: " + checked);
        assertEquals(List.of(), unoffered);
    }

    @Test
    void theSectionsAProfileAddsAreOffered() throws Exception {
        Profile p = ProfileLoader.parse("""
                name: every-section
                hosts:
                  src:
                    transport: local
                    services:
                      - name: web
                        command: [nginx]
                        figures:
                          - {name: rps, regex: '([0-9.]+) requests/s'}
                  dst: {transport: local}
                links:
                  - {name: data, a: "src:veth0/10.0.0.1", b: "dst:veth1/10.0.0.2"}
                xdp:
                  - {host: dst, interface: veth1}
                traffic: {source: src, sink: dst, destination: 10.0.0.2, rate_pps: 1000, duration: 2s}
                baseline: {kind: without-xdp}
                sweep: {rate_pps: [1000, 2000]}
                http: {host: src, url: "http://127.0.0.1/", duration: 2s}
                """, "every-section.yaml");
        List<String> offered = FigurePaths.forProfile(p);
        for (String path : List.of("traffic.rx_pps", "dst_cpu.mean", "xdp.packets", "baseline.rx_pps", "sweep.steps.0.rx_pps",
                "http.requests_per_s", "http.latency_us.p99", "links.data.a.tx_packets", "links.data.b.rx_packets",
                "services.web.figures.rps")) {
            assertTrue(offered.contains(path), path + " in " + offered);
        }
        assertTrue(offered.stream().noneMatch(x -> x.endsWith("_ms")), "clock readings are no figures: " + offered);
        assertTrue(FigurePaths.forProfile(ProfileLoader.parse("""
                name: bare
                hosts: {a: {transport: local}}
                measure: {duration: 2s}
                """, "bare.yaml")).stream().noneMatch(x -> x.startsWith("http.") || x.startsWith("xdp.")));
    }

    @Test
    void completesTheConditionBeingTypedAndKeepsTheOnesBefore() {
        List<String> paths = List.of("traffic.loss_percent", "traffic.rx_pps", "http.requests_per_s", "http.errors");
        assertEquals(List.of("traffic.loss_percent <= 0.1; http.requests_per_s "),
                FigurePaths.complete("traffic.loss_percent <= 0.1; http.req", paths));
        // what starts with the text first, then what contains it
        assertEquals(List.of("rx_total ", "traffic.rx_pps "),
                FigurePaths.complete("rx", List.of("http.requests_per_s", "traffic.rx_pps", "rx_total")));
        assertEquals(List.of(), FigurePaths.complete("traffic.rx_pps >", paths), "a comparison is being typed: nothing to offer");
        assertEquals(List.of(), FigurePaths.complete("  ", paths));
    }
}
