package dev.labdeck.controller.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The generator benchmark's result as the terminal shows it and as {@code docs/performance.md} keeps it. */
public final class BenchReport {
    private BenchReport() {}

    /** The machine the figures come from: CPU model, cores, kernel. */
    public static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    private static String header(GeneratorBench.Result r) {
        GeneratorBench.Settings s = r.settings();
        return String.format(Locale.ROOT,
                "generator benchmark on lab %s: src data0 -> dst data0 (veth; on dst LabDeck's XDP counting program drops what it\n"
                        + "counted, or passes it for iperf3, whose server must answer),%n"
                        + "one UDP flow of %d-byte frames; %d rounds of %.1f s per sender, interleaved; machine: %s;%n"
                        + "load average before %s, after %s%n",
                r.lab(), s.frameBytes(), s.rounds(), s.window().toMillis() / 1000.0, machine(), r.loadBefore(), r.loadAfter());
    }

    public static String text(GeneratorBench.Result r) {
        StringBuilder b = new StringBuilder(header(r)).append('\n');
        b.append(String.format(Locale.ROOT, "%-24s %6s %13s %14s %8s %17s %8s %8s  %s%n", "sender", "rounds", "pps (median)",
                "pps/CPU-s", "vs trafgen", "pps/machine-CPU-s", "vs trafgen", "pps vs", "claims"));
        for (GeneratorBench.Summary s : r.summaries()) {
            b.append(String.format(Locale.ROOT, "%-24s %6d %,13.0f %,14.0f %9.2fx %,17.0f %9.2fx %7.2fx  %s%n", s.sender(), s.rounds(),
                    s.pps(), s.ppsPerCpuSecond(), s.perCpuVsTrafgen(), s.ppsPerMachineCpuSecond(), s.perMachineCpuVsTrafgen(),
                    s.ppsVsTrafgen(), claims(s)));
        }
        for (GeneratorBench.Skipped k : r.skipped()) {
            b.append(String.format("%-24s skipped: %s%n", k.sender(), k.reason()));
        }
        return b.toString();
    }

    private static String claims(GeneratorBench.Summary s) {
        if (s.sender().startsWith("iperf3")) return "not reported";
        return s.claimsHold() ? "= kernel counts" : "DIFFER from kernel counts";
    }

    public static String markdown(GeneratorBench.Result r) {
        StringBuilder b = new StringBuilder("# Traffic generator performance\n\n");
        b.append("Written by `./labdeck bench generator --markdown docs/performance.md` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n");
        b.append(header(r).replace(System.lineSeparator(), " ").replace("\n", " ").strip()).append("\n\n");
        b.append("| sender | rounds | pps (median) | pps per CPU-second of the sender | vs trafgen"
                + " | pps per busy machine CPU-second | vs trafgen | pps vs trafgen | claims |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (GeneratorBench.Summary s : r.summaries()) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %.2f× | %,.0f | %.2f× | %.2f× | %s |%n", s.sender(), s.rounds(),
                    s.pps(), s.ppsPerCpuSecond(), s.perCpuVsTrafgen(), s.ppsPerMachineCpuSecond(), s.perMachineCpuVsTrafgen(),
                    s.ppsVsTrafgen(), claims(s)));
        }
        for (GeneratorBench.Skipped k : r.skipped()) {
            b.append("\n").append(k.sender()).append(" was skipped: ").append(k.reason()).append('\n');
        }
        b.append("\n## Every round\n\n| round | sender | packets in window | s | pps | CPU-s | pps per CPU-s | machine CPU-s"
                + " | claimed | src tx | dst XDP |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (GeneratorBench.Measurement m : r.measurements()) {
            b.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.2f | %,.0f | %.2f | %,.0f | %.2f | %s | %,d | %,d |%n", m.round(),
                    m.sender(), m.windowPackets(), m.windowSeconds(), m.pps(), m.cpuSeconds(), m.ppsPerCpuSecond(), m.machineCpuSeconds(),
                    m.claimed() < 0 ? "—" : String.format(Locale.ROOT, "%,d", m.claimed()), m.srcTxPackets(), m.dstPackets()));
        }
        b.append("""

                ## How to read it
                - **pps** is what `src data0`'s kernel tx counter (`ip -s -j link`) moved during the window, started after
                  each sender had put its first packets on the wire; **CPU-s** is the user + system time the kernel
                  charged to the sending processes in that window (for LabDeck, the agent's whole process).
                - **pps per CPU-second of the sender** is the rate per fully used core of the sending processes;
                  **pps per busy machine CPU-second** divides by the busy time of all cores (`/proc/stat`), which
                  also holds the kernel's softirq work for the packets on both ends of the veth, charged to no
                  process (an XDP engine's frames are received there). The ratios divide by trafgen's medians.
                - **claims**: over each sender's whole run, what it says it sent is compared with `src data0`'s tx
                  counter and with the packets LabDeck's XDP program counted arriving on `dst data0`.
                - The rounds are interleaved (the order rotates each round), so a change of the machine's load
                  touches every sender alike; the load average before and after is stated above.
                """);
        return b.toString();
    }
}
