package dev.labdeck.gui.engine;

import dev.labdeck.gui.results.ReportBrowser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens a report in the system's browser through the system's own opener (xdg-open on Linux,
 * open on macOS), and says why when that fails (no opener, no browser for HTML). Where there is
 * no such command it hands the file to JavaFX's HostServices, which cannot tell whether it worked,
 * and says so. Runs the opener as a process and waits for its answer: call it off the UI thread.
 */
public final class SystemBrowser implements ReportBrowser {
    private static final long WAIT_SECONDS = 20;

    private final List<String> opener;
    private final Consumer<String> hostServices;

    /** @param opener the command and its first arguments; the report's URI is appended */
    public SystemBrowser(List<String> opener, Consumer<String> hostServices) {
        this.opener = List.copyOf(opener);
        this.hostServices = hostServices;
    }

    /** The opener of this system: xdg-open, open, or on Windows the shell's start. */
    public static SystemBrowser forThisSystem(Consumer<String> hostServices) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> opener = os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler")
                : os.contains("mac") ? List.of("open") : List.of("xdg-open");
        return new SystemBrowser(opener, hostServices);
    }

    @Override
    public String open(Path report) throws Exception {
        String uri = report.toAbsolutePath().toUri().toString();
        List<String> command = new ArrayList<>(opener);
        command.add(uri);
        String name = Path.of(opener.getFirst()).getFileName().toString();
        // its output goes to a file, not a pipe: a browser it starts may keep a pipe open for as long as it runs
        Path said = java.nio.file.Files.createTempFile("labdeck-open-", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(said.toFile()).start();
                p.getOutputStream().close();
            } catch (IOException e) {
                if (hostServices == null) throw new IOException("there is no " + name + " on this system to open a browser with");
                hostServices.accept(uri);
                return "handed to the system (there is no " + name + "; if no browser opens, open the file yourself)";
            }
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                // a browser started in the foreground: it is open
                return "in the browser (" + name + ")";
            }
            return answer(name, p.exitValue(), java.nio.file.Files.readString(said, StandardCharsets.UTF_8).strip());
        } finally {
            java.nio.file.Files.deleteIfExists(said);
        }
    }

    private static String answer(String name, int exit, String said) throws IOException {
        if (exit != 0) {
            throw new IOException(name + " could not open it (exit " + exit + (said.isEmpty() ? "" : ": " + lastLine(said)) + ")");
        }
        return "in the browser (" + name + ")";
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\\R");
        return lines[lines.length - 1];
    }
}
