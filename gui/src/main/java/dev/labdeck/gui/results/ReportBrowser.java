package dev.labdeck.gui.results;

import java.nio.file.Path;

/** Shows a run's report.html to the user; says why when it cannot (the message is for people). */
@FunctionalInterface
public interface ReportBrowser {
    /**
     * @return how it was opened, e.g. "in the browser (xdg-open)"
     * @throws Exception when nothing could open it; its message says why
     */
    String open(Path report) throws Exception;
}
