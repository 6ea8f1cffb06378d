package dev.labdeck.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {

    @Test
    void pinsTheCallingThreadAndAChildInheritsIt() throws Exception {
        Prerequisites.requireLinux();
        AtomicReference<Object> result = new AtomicReference<>();
        // a platform thread of its own, so no other test's thread is pinned
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                CpuAffinity.set(0, List.of(0));
                SortedSet<Integer> mine = CpuAffinity.get(0);
                Process p = new ProcessBuilder("sleep", "5").start();
                try {
                    result.set(List.of(mine, CpuAffinity.get(p.pid())));
                } finally {
                    p.destroyForcibly();
                    p.waitFor();
                }
            } catch (Exception e) {
                result.set(e);
            }
        });
        t.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
        assertEquals(List.of(Set.of(0), Set.of(0)), result.get());
    }

    @Test
    void namesTheCallAndTheReasonWhenItFails() {
        Prerequisites.requireLinux();
        NativeCallException e = assertThrows(NativeCallException.class, () -> CpuAffinity.get(Integer.MAX_VALUE - 7));
        assertTrue(e.getMessage().startsWith("sched_getaffinity (pid " + (Integer.MAX_VALUE - 7) + "): No such process"),
                e.getMessage());
        assertEquals(Libc.ESRCH, e.errno());
    }
}
