package dev.labdeck.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import dev.labdeck.testkit.VethPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real veth taken down and up again: each change is seen once, on the next check. */
class LinkStatesTest {

    @Test
    void aLinkGoingDownAndComingBackIsSeenOnceEachWay() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        try (VethPair veth = VethPair.create(false)) {
            LinkStates states = new LinkStates(Path.of("/sys/class/net"));
            List<String> changes = new ArrayList<>();
            LinkStates.Listener mine = (name, before, now) -> {
                if (name.equals(veth.outer)) changes.add(before + " -> " + now);
            };
            states.check(mine);
            assertEquals(List.of(), changes, "the first check only learns the states");

            VethPair.run("ip", "link", "set", "dev", veth.outer, "down");
            // the kernel updates operstate through its link watch, a moment later
            Eventually.await("the link seen down", Duration.ofSeconds(5), () -> {
                states.check(mine);
                return !changes.isEmpty();
            });
            assertEquals(1, changes.size(), changes.toString());
            assertTrue(changes.getFirst().endsWith("-> down"), changes.toString());
            states.check(mine);
            assertEquals(1, changes.size(), "no change, no second report");

            VethPair.run("ip", "link", "set", "dev", veth.outer, "up");
            Eventually.await("the link seen up again", Duration.ofSeconds(5), () -> {
                states.check(mine);
                return changes.size() > 1 && LinkStates.isUp(changes.getLast().split(" -> ")[1]);
            });
        }
    }
}
