package dev.labdeck.controller.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bench's section of a Markdown file (docs/performance.md holds several): written between the
 * bench's own markers, replacing the last one it wrote, or appended; the rest of the file stays.
 */
final class BenchMarkdown {
    private BenchMarkdown() {}

    static String start(String bench) {
        return "<!-- labdeck bench " + bench + " -->";
    }

    static String end(String bench) {
        return "<!-- /labdeck bench " + bench + " -->";
    }

    /** Replaces bench's section of {@code file} (between its markers), or appends it; the rest stays. */
    static void writeSection(Path file, String bench, String section) throws IOException {
        String start = start(bench), end = end(bench);
        String old = Files.exists(file) ? Files.readString(file) : "";
        String block = start + "\n" + section + (section.endsWith("\n") ? "" : "\n") + end + "\n";
        int a = old.indexOf(start), b = old.indexOf(end);
        String text = a >= 0 && b > a ? old.substring(0, a) + block + old.substring(b + end.length()).replaceFirst("^\n", "")
                : old + (old.isEmpty() || old.endsWith("\n\n") ? "" : old.endsWith("\n") ? "\n" : "\n\n") + block;
        Files.writeString(file, text);
    }
}
