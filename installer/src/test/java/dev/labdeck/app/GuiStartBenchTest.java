package dev.labdeck.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.bench.GuiStartBench;
import dev.labdeck.controller.bench.GuiStartBench.Mode;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code labdeck bench gui-start} works: one round starts LabDeck's first window and the minimal JavaFX window,
 * warm and cold, from the launcher's command line (on the Headless platform, the cheapest), and reports each.
 * It asserts no time: the figures are the benchmark's business (docs/performance.md).
 */
class GuiStartBenchTest {
    @TempDir
    Path scratch;

    @Test
    void oneRoundStartsBothWindowsWarmAndColdAndReportsEachStart() throws Exception {
        List<String> progress = new ArrayList<>();
        AppCommandLine launcher = AppCommandLine.ofLauncher(Prerequisites.repoRoot());
        GuiStartBench.Result r = GuiStartBench.run(new GuiStartBench.Settings(launcher.words(), 1, scratch, null), progress::add);

        assertEquals(4, r.starts().size(), "labdeck and the peer, warm and cold: " + r.starts());
        for (Mode mode : Mode.values()) {
            assertEquals(1, r.of("labdeck", mode).size(), mode + ": " + r.starts());
            assertEquals(1, r.of("minimal JavaFX window", mode).size(), mode + ": " + r.starts());
            assertTrue(Double.isFinite(r.ratio(mode)), "a ratio for " + mode + ": " + r.starts());
        }
        // each start reported its first window itself (the line --time-start and the peer print)
        assertTrue(r.starts().stream().allMatch(s -> s.jvmMs() > 0 && !s.wall().isNegative()), r.starts().toString());
        assertEquals(4, progress.stream().filter(l -> l.startsWith("round 1 ")).count(), String.join("\n", progress));
        String md = GuiStartBench.markdown(r);
        assertTrue(md.contains("| warm | labdeck |") && md.contains("| cold | minimal JavaFX window |"), md);
    }
}
