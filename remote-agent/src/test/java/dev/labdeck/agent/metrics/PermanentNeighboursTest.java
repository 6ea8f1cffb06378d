package dev.labdeck.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real veth with a static neighbour taken down (the kernel drops the entry) and up: the entry comes back. */
class PermanentNeighboursTest {

    @Test
    void aLinkBackUpGetsBackThePermanentNeighbourItLost() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        try (VethPair veth = VethPair.create(false)) {
            VethPair.run("ip", "link", "set", "dev", veth.outer, "up");
            VethPair.run("ip", "neigh", "replace", "192.0.2.77", "lladdr", "02:00:00:00:00:77", "dev", veth.outer, "nud", "permanent");
            PermanentNeighbours neighbours = new PermanentNeighbours();
            neighbours.learn();
            assertEquals(List.of(), neighbours.restore(veth.outer), "nothing lost, nothing restored");

            VethPair.run("ip", "link", "set", "dev", veth.outer, "down");
            assertFalse(entry(veth.outer), "the kernel drops a permanent entry when its interface goes down");
            VethPair.run("ip", "link", "set", "dev", veth.outer, "up");

            List<PermanentNeighbours.Entry> restored = neighbours.restore(veth.outer);
            assertEquals(List.of(new PermanentNeighbours.Entry(veth.outer, "192.0.2.77", "02:00:00:00:00:77")), restored);
            assertTrue(entry(veth.outer), "the entry is back, permanent");
        }
    }

    private static boolean entry(String dev) throws Exception {
        String out = VethPair.run("ip", "neigh", "show", "dev", dev, "nud", "permanent");
        return out.contains("192.0.2.77") && out.contains("02:00:00:00:00:77");
    }
}
