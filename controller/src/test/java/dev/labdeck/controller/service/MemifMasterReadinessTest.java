package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.profile.HostSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.protocol.ReadinessProbe;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lab-in-a-box memif profiles start a memif client only once its master forwards. A
 * dpdk-testpmd memif master listens on its socket from its start (vdev probe) but refuses a client
 * until its ports are started, seconds later on a busy machine, and DPDK 22.11's memif client does
 * not try again: with "ready when the socket listens" the client started in that window never
 * linked (lb_c 'not ready after 60 s', reproduced on a lab with a slow-starting lb_s). So every
 * testpmd memif master of these profiles is ready on testpmd's own "Start automatic packet
 * forwarding", printed once all its ports are started.
 */
class MemifMasterReadinessTest {
    private static final String FORWARDING = "Start automatic packet forwarding";

    @Test
    void everyTestpmdMemifMasterOfTheLabInABoxProfilesIsReadyOnlyOnceItForwards() throws Exception {
        List<Path> profiles;
        try (Stream<Path> s = Files.list(Prerequisites.repoRoot().resolve("profiles"))) {
            profiles = s.filter(p -> p.getFileName().toString().matches("lab-in-a-box-memif.*\\.yaml")).sorted().toList();
        }
        assertFalse(profiles.isEmpty(), "no lab-in-a-box memif profile");
        List<String> masters = new ArrayList<>();
        for (Path file : profiles) {
            Profile p = ProfileLoader.load(file);
            for (HostSpec h : p.hosts()) {
                for (ServiceSpec s : h.services()) {
                    // a pure master (lb_s); lb_c of lab-in-a-box-memif is both (a client of lb_s, the
                    // master of 'client'): it is ready when its link to lb_s is up, see the note there
                    boolean master = s.command().contains("dpdk-testpmd")
                            && s.command().stream().anyMatch(a -> a.startsWith("--vdev=net_memif") && a.contains("role=server"))
                            && s.command().stream().noneMatch(a -> a.startsWith("--vdev=net_memif") && a.contains("role=client"));
                    if (!master) {
                        continue;
                    }
                    masters.add(file.getFileName() + ":" + s.name());
                    ReadinessProbe.LogLine line = assertInstanceOf(ReadinessProbe.LogLine.class, s.readiness(),
                            file.getFileName() + ": " + s.name() + " is a memif master ready before it forwards: " + s.readiness());
                    assertTrue(Pattern.compile(line.pattern()).matcher(FORWARDING).find(),
                            file.getFileName() + ": " + s.name() + " waits for /" + line.pattern() + "/, not testpmd's '" + FORWARDING + "'");
                    assertTrue(s.command().contains("--auto-start"), file.getFileName() + ": " + s.name()
                            + " without --auto-start never prints '" + FORWARDING + "'");
                }
            }
        }
        // lab-in-a-box-memif, -memif-http, -memif-http-pcap: lb_s in each
        assertTrue(masters.size() >= 3, "memif masters found: " + masters);
    }
}
