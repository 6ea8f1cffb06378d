package dev.labdeck.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.run.RunEvent;
import java.util.List;

/**
 * What a user checks after a memif run: its DPDK services were all quiesced (testpmd's {@code stop}
 * answered "Done.") before any of them stopped, then each quit by itself (exit code 0, no signal),
 * and nothing crashed.
 */
final class CleanTeardown {
    private CleanTeardown() {}

    static void assertQuiescedThenQuit(List<RunEvent> events, List<String> services) {
        assertTrue(events.stream().noneMatch(e -> e.kind().equals("service.crashed")),
                () -> "a service crashed: " + events.stream().filter(e -> e.kind().equals("service.crashed"))
                        .map(RunEvent::message).toList());
        List<RunEvent> quiesced = events.stream().filter(e -> e.kind().equals("service.quiesced")).toList();
        assertEquals(services.stream().sorted().toList(),
                quiesced.stream().map(e -> e.data().get("service")).sorted().toList(), "quiesced services");
        quiesced.forEach(e -> assertEquals("Done.", e.data().get("output"), e.message()));
        List<RunEvent> exited = events.stream().filter(e -> e.kind().equals("service.exited")
                && "controller".equals(e.data().get("source"))).toList();
        assertTrue(events.indexOf(quiesced.getLast()) < events.indexOf(exited.getFirst()),
                "a service was stopped before every DPDK service was quiesced");
        for (RunEvent e : exited) {
            if (services.contains(e.data().get("service"))) {
                assertEquals("0", e.data().get("exit_code"), e.message());
                assertNull(e.data().get("signal"), e.message());
            }
        }
    }
}
