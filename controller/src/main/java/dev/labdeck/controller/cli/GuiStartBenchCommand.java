package dev.labdeck.controller.cli;

import dev.labdeck.controller.bench.BenchException;
import dev.labdeck.controller.bench.GuiStartBench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labdeck bench gui-start}: the desktop app's first window against a minimal JavaFX window. */
@Command(name = "gui-start", mixinStandardHelpOptions = true,
        description = {"The desktop app's first window against a minimal JavaFX window (a Stage with a TabPane and a Label),",
                "both started with the app's own java command line (./labdeck gui-command), rounds interleaved, warm (each",
                "with its own class-data archive) and cold (without); prints every start and the ratio LabDeck/peer of the",
                "medians. Shown on $DISPLAY, else on an Xvfb of its own, else on JavaFX's Headless platform."})
final class GuiStartBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds (each: both apps, warm and cold). Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write the result as a Markdown section into FILE (e.g. docs/performance.md), replacing the section it wrote before and keeping the rest")
    Path markdown;

    private String xvfbDisplay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = DemoCommand.labdeckHome();
        Path launcher = home.resolve("labdeck");
        if (!Files.isExecutable(launcher)) {
            err.println("labdeck bench gui-start: measures a checkout's app: run ./labdeck bench gui-start in the repository (no "
                    + launcher + ")");
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        if (rounds < 1) {
            err.println("labdeck bench gui-start: --rounds must be at least 1, not " + rounds);
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        Process xvfb = null;
        Path scratch = null;
        try {
            List<String> app = appCommand(launcher);
            String display = System.getenv("DISPLAY");
            if (display == null || display.isBlank()) {
                xvfb = startXvfb();
                display = xvfb == null ? null : xvfbDisplay;
            }
            out.printf("labdeck bench gui-start: %d rounds on %s%n", rounds, display == null ? "JavaFX's Headless platform (no display, no Xvfb)" : "display " + display);
            out.flush();
            scratch = Files.createTempDirectory("labdeck-gui-start");
            GuiStartBench.Result result = GuiStartBench.run(new GuiStartBench.Settings(app, rounds, scratch, display), line -> {
                out.println(line);
                out.flush();
            });
            out.print(GuiStartBench.summary(result));
            if (markdown != null) {
                writeSection(markdown, GuiStartBench.markdown(result));
                out.printf("wrote its section of %s%n", markdown);
            }
            return LabDeckCli.EXIT_OK;
        } catch (BenchException e) {
            LoggerFactory.getLogger(GuiStartBenchCommand.class).debug("bench failed", e);
            err.println("labdeck bench gui-start: " + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        } catch (IOException e) {
            err.println("labdeck bench gui-start: " + e.getMessage());
            return LabDeckCli.EXIT_RUN_FAILED;
        } finally {
            if (xvfb != null) xvfb.destroy();
            if (scratch != null) deleteQuietly(scratch);
            out.flush();
        }
    }

    /** {@code ./labdeck gui-command}: the words {@code ./labdeck gui} runs. */
    private static List<String> appCommand(Path launcher) throws BenchException {
        try {
            Process p = new ProcessBuilder(launcher.toString(), "gui-command").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchException(launcher + " gui-command failed:\n" + text);
            }
            List<String> words = text.lines().filter(l -> !l.isEmpty()).toList();
            if (words.size() < 2) throw new BenchException(launcher + " gui-command printed no command line:\n" + text);
            return words;
        } catch (IOException e) {
            throw new BenchException("cannot run " + launcher + " gui-command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    /** An Xvfb of its own (it picks a free display and says which); null when Xvfb is not installed. */
    private Process startXvfb() throws IOException {
        Path xvfb = Path.of("/usr/bin/Xvfb");
        if (!Files.isExecutable(xvfb)) return null;
        Process p = new ProcessBuilder(xvfb.toString(), "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String number = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (number == null) {
            p.destroy();
            return null;
        }
        xvfbDisplay = ":" + number.strip();
        return p;
    }

    /** Replaces this bench's section of {@code file} (between its markers), or appends it; the rest stays. */
    static void writeSection(Path file, String section) throws IOException {
        BenchMarkdown.writeSection(file, "gui-start", section);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LoggerFactory.getLogger(GuiStartBenchCommand.class).debug("cannot remove {}", dir, e);
        }
    }
}
