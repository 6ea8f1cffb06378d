package dev.labdeck.agent.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SenderPlanTest {

    @Test
    void twoThreadsTakeEveryOtherFlowEachPinnedToItsOwnCore() {
        SenderPlan p = SenderPlan.of(2, 4, new TreeSet<>(List.of(2, 3, 5)));
        assertEquals(2, p.threads());
        assertArrayEquals(new int[] {0, 2}, p.flowsOf().get(0));
        assertArrayEquals(new int[] {1, 3}, p.flowsOf().get(1));
        assertEquals(List.of(2, 3), p.cores());
        assertEquals(List.of(), p.notes());
    }

    @Test
    void autoTakesOneThreadPerAllowedCoreAndSaysHow() {
        SenderPlan p = SenderPlan.of(0, 8, new TreeSet<>(List.of(0, 1, 2, 3, 6)));
        assertEquals(5, p.threads());
        assertEquals(List.of(0, 1, 2, 3, 6), p.cores());
        assertEquals(List.of("threads: auto = 5, one per core the agent may use (5 cores 0-3,6 by its affinity)"), p.notes());
    }

    @Test
    void neverMoreThreadsThanFlowsOrCoresAndTheNoteSaysWhy() {
        assertEquals(List.of("threads: 4 asked, 2 send: at most one per flow (2 flows)"),
                SenderPlan.of(4, 2, new TreeSet<>(List.of(0, 1, 2, 3))).notes());
        SenderPlan p = SenderPlan.of(8, 16, new TreeSet<>(List.of(0, 1)));
        assertEquals(2, p.threads());
        assertEquals(List.of("threads: 8 asked, 2 send: one per core the agent may use (2 cores 0-1 by its affinity)"), p.notes());
        assertEquals(1, SenderPlan.of(0, 1, new TreeSet<>(List.of(0, 1))).threads());
    }

    @Test
    void everyFlowHasExactlyOneThread() {
        for (int flows = 1; flows < 10; flows++) {
            for (int threads = 1; threads < 6; threads++) {
                SenderPlan p = SenderPlan.of(threads, flows, new TreeSet<>(List.of(0, 1, 2, 3, 4, 5)));
                int[] owners = new int[flows];
                for (int[] mine : p.flowsOf()) for (int i : mine) owners[i]++;
                for (int o : owners) assertEquals(1, o);
            }
        }
    }
}
