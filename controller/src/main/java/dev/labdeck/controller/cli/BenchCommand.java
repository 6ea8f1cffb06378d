package dev.labdeck.controller.cli;

import dev.labdeck.controller.bench.BenchException;
import dev.labdeck.controller.bench.BenchReport;
import dev.labdeck.controller.bench.GeneratorBench;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabState;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.protocol.PayloadFormat;
import dev.labdeck.protocol.TrafficEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labdeck bench}: benchmarks with their peers, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against named peers, interleaved in one run, counted by the kernel.",
        subcommands = {BenchCommand.Generator.class, GuiStartBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code labdeck bench generator}. */
    @Command(name = "generator", mixinStandardHelpOptions = true,
            description = {"LabDeck's traffic engines against trafgen (netsniff-ng, -P 1) and iperf3 (-u -b 0) on the",
                    "lab-in-a-box's veth: rounds interleaved, every sender counted by src data0's kernel tx counter,",
                    "its CPU time by the kernel; prints pps, pps per CPU-second and the ratios to trafgen.",
                    "Brings the lab up first when it is not (and takes it down after); needs root."})
    public static final class Generator implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--lab", defaultValue = "bench", description = "Lab to send over. Default: ${DEFAULT-VALUE}")
        String lab;

        @Option(names = "--subnet", defaultValue = "10.209.0.0/23", paramLabel = "CIDR",
                description = "Range for the lab when the benchmark brings it up. Default: ${DEFAULT-VALUE}")
        String subnet;

        @Option(names = "--rounds", defaultValue = "3", description = "Rounds per sender (at least 1). Default: ${DEFAULT-VALUE}")
        int rounds;

        @Option(names = "--seconds", defaultValue = "5", description = "Measured window per sender and round. Default: ${DEFAULT-VALUE}")
        double seconds;

        @Option(names = "--payload", defaultValue = "" + PayloadFormat.HEADER_BYTES, paramLabel = "BYTES",
                description = "UDP payload bytes (frame = payload + 42). Default: ${DEFAULT-VALUE}, the smallest LabDeck sends")
        int payload;

        @Option(names = "--engines", split = ",", defaultValue = "xdp-live,packet-ring,socket",
                description = "LabDeck engines to measure. Default: ${DEFAULT-VALUE}")
        List<String> engines;

        @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the result as Markdown (e.g. docs/performance.md)")
        Path markdown;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            GeneratorBench.Settings settings;
            List<TrafficEngine> chosen;
            try {
                settings = new GeneratorBench.Settings(rounds, Duration.ofMillis(Math.round(seconds * 1000)), payload);
                chosen = engines.stream().map(TrafficEngine::of).toList();
                if (chosen.contains(TrafficEngine.AUTO)) throw new IllegalArgumentException("name engines, not auto");
            } catch (IllegalArgumentException e) {
                err.println("labdeck bench generator: " + e.getMessage());
                return LabDeckCli.EXIT_INVALID_INPUT;
            }
            String invalid = LabCommand.invalidInput(lab, subnet);
            if (invalid != null) {
                err.println("labdeck bench generator: " + invalid);
                return LabDeckCli.EXIT_INVALID_INPUT;
            }
            LabInABox labs = new LabInABox();
            boolean broughtUp = false;
            try {
                Optional<LabState> existing = labs.readState(lab);
                LabState state;
                if (existing.isPresent()) {
                    state = existing.get();
                    out.printf("using lab %s%n", lab);
                } else {
                    out.printf("bringing lab %s up on %s ...%n", lab, subnet);
                    out.flush();
                    state = labs.up(lab, subnet).state();
                    broughtUp = true;
                }
                Path agentJar = TransportOptions.defaults().agentJar();
                GeneratorBench.Result result = new GeneratorBench(agentJar, line -> {
                    out.println(line);
                    out.flush();
                }).run(state, settings, chosen);
                String text = BenchReport.text(result);
                out.println();
                out.print(text);
                out.flush();
                if (markdown != null) {
                    // its own section: the file holds other benches' too (gui-start)
                    BenchMarkdown.writeSection(markdown, "generator", BenchReport.markdown(result));
                    out.printf("wrote %s%n", markdown);
                }
                return LabDeckCli.EXIT_OK;
            } catch (LabException | BenchException e) {
                LoggerFactory.getLogger(BenchCommand.class).debug("bench failed", e);
                err.println("labdeck bench generator: " + e.getMessage());
                return LabDeckCli.EXIT_RUN_FAILED;
            } catch (IOException e) {
                err.println("labdeck bench generator: cannot write " + markdown + ": " + e.getMessage());
                return LabDeckCli.EXIT_RUN_FAILED;
            } finally {
                if (broughtUp) {
                    try {
                        labs.down(lab);
                        out.printf("lab %s taken down%n", lab);
                    } catch (LabException e) {
                        err.println("labdeck bench generator: could not take lab " + lab + " down: " + e.getMessage());
                    }
                }
                out.flush();
            }
        }
    }
}
