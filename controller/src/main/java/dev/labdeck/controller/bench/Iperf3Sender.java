package dev.labdeck.controller.bench;

import dev.labdeck.controller.lab.LabDataLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * iperf3 as most engineers run it for a UDP flood: {@code -u -b 0} with the same payload size,
 * one stream, to an iperf3 server in {@code dst} (its control connection is TCP and passes the
 * benchmark's XDP program).
 */
record Iperf3Sender(LabDataLink.End src, LabDataLink.End dst, int payloadBytes) implements Sender {

    @Override
    public String name() {
        return "iperf3";
    }

    @Override
    public boolean needsReplies() {
        return true;
    }

    @Override
    public Sending start(Duration atLeast) throws BenchException {
        Path dir;
        Process p;
        try {
            dir = Files.createTempDirectory("labdeck-bench-iperf3-");
            long seconds = Math.max(1, (atLeast.toMillis() + 999) / 1000);
            p = BenchLab.inNamespace(src.namespace(), List.of("iperf3", "-c", dst.address(), "-B", src.address(), "-u",
                            "-b", "0", "-l", Integer.toString(payloadBytes), "-t", Long.toString(seconds)))
                    .redirectOutput(dir.resolve("iperf3.out").toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new BenchException("iperf3: cannot start (is iperf3 installed?): " + e.getMessage(), e);
        }
        return new TrafgenSender.ProcessSending(name(), p, dir, dir.resolve("iperf3.out"), null);
    }

    /** {@code iperf3 -s} in {@code dst}, for as long as the benchmark runs. */
    static Process server(LabDataLink.End dst) throws BenchException {
        try {
            return BenchLab.inNamespace(dst.namespace(), List.of("iperf3", "-s", "-B", dst.address()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new BenchException("iperf3: cannot start the server in " + dst.namespace() + ": " + e.getMessage(), e);
        }
    }
}
