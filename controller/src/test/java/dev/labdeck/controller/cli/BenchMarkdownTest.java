package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/performance.md holds two benches' sections: writing one leaves the other and the notes around them. */
class BenchMarkdownTest {
    @TempDir
    Path dir;

    @Test
    void aBenchReplacesOnlyItsOwnSection() throws Exception {
        Path file = dir.resolve("performance.md");
        BenchMarkdown.writeSection(file, "generator", "# Generator\nround 1\n");
        BenchMarkdown.writeSection(file, "gui-start", "## First window\nround 1\n");
        Files.writeString(file, Files.readString(file) + "\n### Before and after (by hand)\nkept\n");
        BenchMarkdown.writeSection(file, "generator", "# Generator\nround 2\n");
        assertEquals("""
                <!-- labdeck bench generator -->
                # Generator
                round 2
                <!-- /labdeck bench generator -->

                <!-- labdeck bench gui-start -->
                ## First window
                round 1
                <!-- /labdeck bench gui-start -->

                ### Before and after (by hand)
                kept
                """, Files.readString(file));
    }

    @Test
    void theBundledPerformanceDocumentHasBothBenchesSections() throws Exception {
        String doc = Files.readString(dev.labdeck.testkit.Prerequisites.repoRoot().resolve("docs/performance.md"));
        for (String bench : new String[] {"generator", "gui-start"}) {
            int a = doc.indexOf(BenchMarkdown.start(bench)), b = doc.indexOf(BenchMarkdown.end(bench));
            assertEquals(true, a >= 0 && b > a, bench + "'s markers in docs/performance.md");
        }
    }
}
