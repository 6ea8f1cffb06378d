package dev.labdeck.controller.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * junit.xml: one testcase per threshold, so CI systems show which figure failed. A run that ended
 * in error adds a testcase {@code run} carrying the error, since its thresholds were never reached.
 */
public final class JunitReport {

    private JunitReport() {}

    public static Path write(RunSummary s, Path dir) throws IOException {
        String suite = "labdeck." + RunDirectory.slug(s.profile());
        int failures = (int) s.thresholds().stream().filter(t -> !t.passed()).count();
        int errors = s.error() != null ? 1 : 0;
        int tests = s.thresholds().size() + errors;
        double seconds = s.traffic() == null ? 0 : s.traffic().durationSeconds();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" time=\"").append(seconds).append("\" timestamp=\"").append(esc(s.started())).append("\">\n");
        for (ThresholdResult t : s.thresholds()) {
            x.append("  <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(t.expression())).append('"');
            if (t.passed()) {
                x.append("/>\n");
            } else {
                x.append(">\n    <failure message=\"").append(esc(t.message())).append("\" type=\"threshold\">")
                        .append(esc(t.message())).append("</failure>\n  </testcase>\n");
            }
        }
        if (s.error() != null) {
            RunError e = s.error();
            String msg = (e.host() == null ? "" : e.host() + ": ") + e.step() + ": " + e.message();
            x.append("  <testcase classname=\"").append(esc(suite)).append("\" name=\"run\">\n    <error message=\"")
                    .append(esc(msg)).append("\" type=\"run\">").append(esc(msg)).append("</error>\n  </testcase>\n");
        }
        x.append("</testsuite>\n");
        Path file = dir.resolve(RunDirectory.JUNIT);
        Files.writeString(file, x);
        return file;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
